//! The exports a marketing team brings from other tools: the customer
//! export of a CRM or customer-success tool (`derive`, `report`) and the
//! commission export of an affiliate platform (`report`), and what a
//! successful customer is in the former (`success`). Each names its
//! columns, the headers those tools give them in every language, and what
//! kind of value each holds; reading goes through the one table reader
//! (`crate::table`). Settings for them live under `data:` in tailor.yaml,
//! so this module sits below `config`, `derive` and `report` alike.

pub mod commissions;
pub mod customers;
pub mod success;
