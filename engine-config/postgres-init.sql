-- Run once by the postgres image when its data volume is empty (docker-compose.yml mounts it into
-- /docker-entrypoint-initdb.d). POSTGRES_DB creates the API database `tongban`; the engine gets
-- its own database, apart from the API's tables.
CREATE DATABASE camunda;
