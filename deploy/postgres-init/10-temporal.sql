-- Runs once, on the first start of an empty data volume (as the superuser, in database "dondoc").
-- Temporal gets its own role and databases; auto-setup then only creates the schemas (SKIP_DB_CREATE=true).
CREATE ROLE temporal LOGIN PASSWORD 'temporal';
CREATE DATABASE temporal OWNER temporal;
CREATE DATABASE temporal_visibility OWNER temporal;
