//! The core's MySQL tables are the ones the Magento module's `db_schema.xml` declares: same
//! columns (type, length, unsigned, nullable, identity, default), same indexes and foreign
//! keys. Whichever creates them first (`setup:upgrade` or the core), the other finds them as
//! it expects (the outbox's table is made by its relay). Runs on the MySQL backends.

use std::collections::BTreeMap;

use async_events_core::outbox::Outbox;
use serde_json::json;
use sqlx::Row;

use crate::harness::{backend, open, raw_pool, store_dsn, Backend};

/// What both sides say of one column.
#[derive(Debug, PartialEq, Eq)]
struct Column {
    data_type: String,
    length: Option<u64>,
    unsigned: bool,
    nullable: bool,
    identity: bool,
    default: Option<String>,
}

/// Per table: columns by name, and indexes and foreign keys as `name: columns`.
#[derive(Debug, Default, PartialEq, Eq)]
struct Table {
    columns: BTreeMap<String, Column>,
    indexes: BTreeMap<String, Vec<String>>,
    foreign_keys: BTreeMap<String, String>,
}

fn declared() -> BTreeMap<String, Table> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/magento-module/etc/db_schema.xml");
    let text = std::fs::read_to_string(path).expect("db_schema.xml");
    let document = roxmltree::Document::parse(&text).expect("db_schema.xml parses");
    let xsi = "http://www.w3.org/2001/XMLSchema-instance";
    let mut tables = BTreeMap::new();
    for node in document.root_element().children().filter(|n| n.has_tag_name("table")) {
        let mut table = Table::default();
        for child in node.children().filter(roxmltree::Node::is_element) {
            let kind = child.attribute((xsi, "type")).unwrap_or_default();
            let columns = || child.children().filter(|c| c.has_tag_name("column")).map(|c| c.attribute("name").unwrap().to_string()).collect();
            match child.tag_name().name() {
                "column" => {
                    let data_type = if kind == "boolean" { "tinyint" } else { kind };
                    let default = child.attribute("default").map(|d| if d == "CURRENT_TIMESTAMP" { "current_timestamp()".into() } else { d.to_string() });
                    let column = Column {
                        data_type: data_type.to_string(),
                        length: child.attribute("length").map(|l| l.parse().unwrap()),
                        unsigned: child.attribute("unsigned") == Some("true"),
                        nullable: child.attribute("nullable") != Some("false"),
                        identity: child.attribute("identity") == Some("true"),
                        default,
                    };
                    table.columns.insert(child.attribute("name").unwrap().to_string(), column);
                }
                "index" => {
                    table.indexes.insert(child.attribute("referenceId").unwrap().to_string(), columns());
                }
                "constraint" if kind == "primary" => {
                    table.indexes.insert("PRIMARY".into(), columns());
                }
                "constraint" if kind == "foreign" => {
                    let target = format!(
                        "{} -> {}.{} on delete {}",
                        child.attribute("column").unwrap(),
                        child.attribute("referenceTable").unwrap(),
                        child.attribute("referenceColumn").unwrap(),
                        child.attribute("onDelete").unwrap_or("NO ACTION")
                    );
                    table.foreign_keys.insert(child.attribute("referenceId").unwrap().to_string(), target);
                }
                _ => {}
            }
        }
        tables.insert(node.attribute("name").unwrap().to_string(), table);
    }
    tables
}

async fn created(pool: &sqlx::AnyPool, database: &str) -> BTreeMap<String, Table> {
    let mut tables: BTreeMap<String, Table> = BTreeMap::new();
    let columns = sqlx::query(
        "SELECT table_name, column_name, data_type, CAST(character_maximum_length AS SIGNED) AS length, column_type,
                is_nullable, extra, column_default
         FROM information_schema.columns WHERE table_schema = ?",
    )
    .bind(database)
    .fetch_all(pool)
    .await
    .unwrap();
    for row in columns {
        let data_type: String = row.get("data_type");
        let column_type: String = row.get("column_type");
        let default: Option<String> = row.get("column_default");
        // MariaDB quotes string defaults and writes a missing one as NULL.
        let default = default.filter(|d| d != "NULL").map(|d| d.trim_matches('\'').to_string());
        let length = if data_type == "varchar" { row.get::<Option<i64>, _>("length").map(|l| l as u64) } else { None };
        let column = Column {
            data_type,
            length,
            unsigned: column_type.contains("unsigned"),
            nullable: row.get::<String, _>("is_nullable") == "YES",
            identity: row.get::<String, _>("extra").contains("auto_increment"),
            default,
        };
        tables.entry(row.get("table_name")).or_default().columns.insert(row.get("column_name"), column);
    }
    let indexes = sqlx::query(
        "SELECT table_name, index_name, column_name FROM information_schema.statistics
         WHERE table_schema = ? ORDER BY table_name, index_name, seq_in_index",
    )
    .bind(database)
    .fetch_all(pool)
    .await
    .unwrap();
    let foreign_key_names: Vec<String> = sqlx::query_scalar(
        "SELECT constraint_name FROM information_schema.referential_constraints WHERE constraint_schema = ?",
    )
    .bind(database)
    .fetch_all(pool)
    .await
    .unwrap();
    for row in indexes {
        let name: String = row.get("index_name");
        // InnoDB indexes each foreign key's column under the key's name.
        if !foreign_key_names.contains(&name) {
            tables.entry(row.get("table_name")).or_default().indexes.entry(name).or_default().push(row.get("column_name"));
        }
    }
    let foreign_keys = sqlx::query(
        "SELECT k.table_name, k.constraint_name, k.column_name, k.referenced_table_name, k.referenced_column_name, r.delete_rule
         FROM information_schema.key_column_usage k
         JOIN information_schema.referential_constraints r
           ON r.constraint_schema = k.constraint_schema AND r.constraint_name = k.constraint_name
         WHERE k.table_schema = ?",
    )
    .bind(database)
    .fetch_all(pool)
    .await
    .unwrap();
    for row in foreign_keys {
        let target = format!(
            "{} -> {}.{} on delete {}",
            row.get::<String, _>("column_name"),
            row.get::<String, _>("referenced_table_name"),
            row.get::<String, _>("referenced_column_name"),
            row.get::<String, _>("delete_rule")
        );
        tables.entry(row.get("table_name")).or_default().foreign_keys.insert(row.get("constraint_name"), target);
    }
    tables
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_core_creates_the_tables_db_schema_xml_declares() {
    if backend() == Backend::Sqlite {
        return; // MySQL's tables; ASYNC_EVENTS_TEST_BACKEND=mysql runs it
    }
    let dir = tempfile::tempdir().unwrap();
    let events = open(dir.path(), json!({})).await;
    drop(events);
    let dsn = store_dsn(dir.path());
    let database = dsn.rsplit('/').next().unwrap().to_string();
    // The outbox's table is made by its relay, which opens it in Magento's database.
    Outbox::open(&dsn, "async_event_outbox").await.expect("outbox table");
    let pool = raw_pool(&dsn).await;
    let created = created(&pool, &database).await;
    let declared = declared();
    assert_eq!(created.keys().collect::<Vec<_>>(), declared.keys().collect::<Vec<_>>(), "the same tables");
    for (name, table) in &declared {
        assert_eq!(&created[name], table, "table {name}: created by the core (left), declared in db_schema.xml (right)");
    }
}
