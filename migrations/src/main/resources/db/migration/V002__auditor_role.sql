-- Read-only role for auditors: SELECT on every table and view of the lineage schema, nothing
-- else. NOLOGIN: grant it to a person's login role (GRANT missrec_auditor TO alice).
-- Roles are cluster-wide while this runs once per database, and several databases on one server
-- (tests, environments) may migrate at the same time: create the role only if absent, and treat
-- losing that race as success.
DO
$$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'missrec_auditor') THEN
        CREATE ROLE missrec_auditor NOLOGIN;
    END IF;
EXCEPTION
    WHEN duplicate_object OR unique_violation THEN
        NULL; -- another database's migration created it concurrently
END
$$;

-- Start from nothing in this schema, then grant reading only.
REVOKE ALL ON SCHEMA "${flyway:defaultSchema}" FROM missrec_auditor;
REVOKE ALL ON ALL TABLES IN SCHEMA "${flyway:defaultSchema}" FROM missrec_auditor;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA "${flyway:defaultSchema}" FROM missrec_auditor;
GRANT USAGE ON SCHEMA "${flyway:defaultSchema}" TO missrec_auditor;
-- Tables include views here.
GRANT SELECT ON ALL TABLES IN SCHEMA "${flyway:defaultSchema}" TO missrec_auditor;

-- Tables and views created later by the migrating role (new migrations, the repeatable views
-- that are dropped and re-created) are readable too.
ALTER DEFAULT PRIVILEGES IN SCHEMA "${flyway:defaultSchema}"
    GRANT SELECT ON TABLES TO missrec_auditor;

-- PostgreSQL 14 and older let every role (PUBLIC) create objects in schema public, which would
-- let an auditor write after all. Take that away where the migrating role may (it owns the
-- schema or is a superuser); elsewhere the schema's owner has to, and we say so.
DO
$$
DECLARE
    schema_owner oid := (SELECT nspowner FROM pg_namespace
                         WHERE nspname = '${flyway:defaultSchema}');
BEGIN
    IF has_schema_privilege('public', '${flyway:defaultSchema}', 'CREATE') THEN
        IF pg_has_role(current_user, schema_owner, 'USAGE') THEN
            EXECUTE format('REVOKE CREATE ON SCHEMA %I FROM PUBLIC', '${flyway:defaultSchema}');
        ELSE
            RAISE WARNING 'PUBLIC (so missrec_auditor too) may create objects in schema %; its owner should run: REVOKE CREATE ON SCHEMA % FROM PUBLIC',
                '${flyway:defaultSchema}', '${flyway:defaultSchema}';
        END IF;
    END IF;
END
$$;
