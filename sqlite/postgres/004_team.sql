-- Who may do what on a server workspace, enforced by the database rather
-- than by Riskbook alone. Server only: a workspace file has one writer.
--
-- Four group roles of the server stand for the team's roles; riskbook
-- server setup makes them (their names carry the database's, since a
-- server's roles serve all its databases) and writes them in team_roles:
--   admin    owns the schema and every table: everything, and the team;
--   editor   reads and changes every record; never the team;
--   owner    a risk owner: reads everything, changes only the risks whose
--            owner they answer for (risk_owners), with those risks'
--            actions, control and threat links; adds or deletes no risk;
--   auditor  reads everything (and so dumps and exports), changes nothing.
-- Grants are made by grant_team, again after every migration, so a table
-- a later migration adds is an editor's to write. Row-level security on
-- risks, actions, risk_controls and risk_threats keeps a risk owner to
-- their own; the other roles are held by their grants alone. The admin
-- role owns the tables, so its members are not held by the policies.

-- The server's group role of each of the team's roles.
CREATE TABLE team_roles (
	role text COLLATE "C" PRIMARY KEY CHECK (role IN ('admin', 'editor', 'owner', 'auditor')),
	name text COLLATE "C" NOT NULL UNIQUE
);

-- The owner names (as risks' Owner fields write them, "Technical lead")
-- each login answers for; compared without regard to ASCII case or to
-- spaces around them.
CREATE TABLE risk_owners (
	login text COLLATE "C" NOT NULL,
	owner text COLLATE "C" NOT NULL CHECK (owner = btrim(owner) AND owner <> ''),
	PRIMARY KEY (login, owner)
);

-- team_member reports whether the current login has the rights of the
-- team's role of that kind (directly or through another role; a
-- superuser has them all).
CREATE FUNCTION team_member(kind text) RETURNS boolean LANGUAGE sql STABLE AS $$
	SELECT EXISTS (SELECT 1 FROM riskbook.team_roles t JOIN pg_catalog.pg_roles r ON r.rolname = t.name
		WHERE t.role = kind AND pg_catalog.pg_has_role(current_user, r.oid, 'USAGE'))
$$;

-- only_risk_owner: a risk owner and nothing more, whom the policies hold.
CREATE FUNCTION only_risk_owner() RETURNS boolean LANGUAGE sql STABLE AS $$
	SELECT riskbook.team_member('owner') AND NOT riskbook.team_member('editor') AND NOT riskbook.team_member('admin')
$$;

-- answers_for reports whether the current login answers for the owner name.
CREATE FUNCTION answers_for(name text) RETURNS boolean LANGUAGE sql STABLE AS $$
	SELECT EXISTS (SELECT 1 FROM riskbook.risk_owners o
		WHERE o.login = current_user AND lower(o.owner) = lower(btrim(name)))
$$;

-- owns_risk reports whether the current login answers for the owner of
-- the risk with that row ID.
CREATE FUNCTION owns_risk(risk bigint) RETURNS boolean LANGUAGE sql STABLE AS $$
	SELECT EXISTS (SELECT 1 FROM riskbook.risks r WHERE r.id = risk AND riskbook.answers_for(r.owner))
$$;

ALTER TABLE risks ENABLE ROW LEVEL SECURITY;
CREATE POLICY everyone_reads ON risks FOR SELECT USING (true);
CREATE POLICY team_writes ON risks USING (NOT riskbook.only_risk_owner()) WITH CHECK (NOT riskbook.only_risk_owner());
CREATE POLICY owner_writes ON risks USING (riskbook.answers_for(owner)) WITH CHECK (riskbook.answers_for(owner));

ALTER TABLE actions ENABLE ROW LEVEL SECURITY;
CREATE POLICY everyone_reads ON actions FOR SELECT USING (true);
CREATE POLICY team_writes ON actions USING (NOT riskbook.only_risk_owner()) WITH CHECK (NOT riskbook.only_risk_owner());
CREATE POLICY owner_writes ON actions USING (riskbook.owns_risk(risk_id)) WITH CHECK (riskbook.owns_risk(risk_id));

ALTER TABLE risk_controls ENABLE ROW LEVEL SECURITY;
CREATE POLICY everyone_reads ON risk_controls FOR SELECT USING (true);
CREATE POLICY team_writes ON risk_controls USING (NOT riskbook.only_risk_owner()) WITH CHECK (NOT riskbook.only_risk_owner());
CREATE POLICY owner_writes ON risk_controls USING (riskbook.owns_risk(risk_id)) WITH CHECK (riskbook.owns_risk(risk_id));

ALTER TABLE risk_threats ENABLE ROW LEVEL SECURITY;
CREATE POLICY everyone_reads ON risk_threats FOR SELECT USING (true);
CREATE POLICY team_writes ON risk_threats USING (NOT riskbook.only_risk_owner()) WITH CHECK (NOT riskbook.only_risk_owner());
CREATE POLICY owner_writes ON risk_threats USING (riskbook.owns_risk(risk_id)) WITH CHECK (riskbook.owns_risk(risk_id));

-- A change-log row names the login that wrote it: only the tables' owners
-- (the admin role; whoever pushed the workspace before the team was set
-- up) write rows in another name, as a push copies a file's history.
CREATE FUNCTION changelog_actor() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.actor IS DISTINCT FROM session_user::text AND NOT pg_catalog.pg_has_role(current_user,
			(SELECT relowner FROM pg_catalog.pg_class WHERE oid = TG_RELID), 'USAGE') THEN
		RAISE EXCEPTION 'a change-log row written by % must name %, not %', session_user, session_user, NEW.actor
			USING ERRCODE = 'insufficient_privilege';
	END IF;
	RETURN NEW;
END
$$;

CREATE TRIGGER changelog_actor BEFORE INSERT ON changelog
	FOR EACH ROW EXECUTE FUNCTION changelog_actor();

-- grant_team gives the team's roles their rights on every table of the
-- schema, once team_roles names them.
CREATE FUNCTION grant_team() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	editor  text := (SELECT name FROM riskbook.team_roles WHERE role = 'editor');
	owner   text := (SELECT name FROM riskbook.team_roles WHERE role = 'owner');
	auditor text := (SELECT name FROM riskbook.team_roles WHERE role = 'auditor');
	t       text;
BEGIN
	IF editor IS NULL OR owner IS NULL OR auditor IS NULL THEN
		RETURN;
	END IF;
	EXECUTE format('GRANT USAGE ON SCHEMA riskbook TO %I, %I, %I', editor, owner, auditor);
	EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA riskbook TO %I, %I, %I', editor, owner, auditor);
	EXECUTE format('GRANT USAGE ON ALL SEQUENCES IN SCHEMA riskbook TO %I, %I', editor, owner);
	-- Every record is an editor's to change; the history only grows, and
	-- the team and the schema are the administrators'.
	FOR t IN SELECT c.relname FROM pg_catalog.pg_class c
		WHERE c.relnamespace = 'riskbook'::regnamespace AND c.relkind IN ('r', 'p')
		AND c.relname NOT IN ('migrations', 'team_roles', 'risk_owners', 'changelog', 'documents', 'assessments')
		AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
	LOOP
		EXECUTE format('GRANT INSERT, UPDATE, DELETE ON riskbook.%I TO %I', t, editor);
	END LOOP;
	EXECUTE format('GRANT INSERT ON riskbook.changelog, riskbook.documents, riskbook.assessments TO %I', editor);
	EXECUTE format('GRANT UPDATE ON riskbook.risks TO %I', owner);
	EXECUTE format('GRANT INSERT, UPDATE, DELETE ON riskbook.actions, riskbook.risk_controls, riskbook.risk_threats TO %I', owner);
	EXECUTE format('GRANT INSERT ON riskbook.changelog TO %I', owner);
END
$$;
