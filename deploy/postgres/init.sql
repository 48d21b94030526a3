-- The conversations go into the database POSTGRES_DB (spoorwijzer); the demo case API
-- gets its own. Run once, when the PostgreSQL volume is created.
CREATE DATABASE cases;
