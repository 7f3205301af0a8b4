-- skein:backward_compatible=true
-- Outbox wake-ups (spec 05 §3) stay on by default. An engine started with FF_POSTGRES_OUTBOX_NOTIFY=off sets
-- skein.outbox_notify = off on its writer connections and its outbox inserts skip pg_notify: every notifying
-- transaction takes PostgreSQL's one notify-queue lock until its commit is flushed, which serialises commits
-- (measured: bench/postgres.sh). Writers that never set the variable notify as before; stream-frame wake-ups are
-- untouched because tails depend on them.
CREATE OR REPLACE FUNCTION ff_notify_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('skein.outbox_notify', true) IS DISTINCT FROM 'off' THEN
        PERFORM pg_notify(TG_ARGV[0], NEW.event_id::text);
    END IF;
    RETURN NULL;
END
$$;
