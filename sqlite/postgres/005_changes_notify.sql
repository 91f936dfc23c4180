-- Other people's screens follow the changes: every row appended to the
-- change log notifies the channel riskbook_changes when its transaction
-- commits, with the writer's application name (which names one open
-- workspace, so that a Riskbook can tell its own changes) and the kind of
-- record changed. The server folds identical notifications of one
-- transaction into one.

CREATE FUNCTION changelog_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_notify('riskbook_changes', current_setting('application_name') || ' ' || NEW.entity);
	RETURN NULL;
END
$$;

CREATE TRIGGER changelog_notify AFTER INSERT ON changelog
	FOR EACH ROW EXECUTE FUNCTION changelog_notify();
