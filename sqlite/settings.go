package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// Settings keys.
const (
	// SettingUserName is the name recorded in the change log for edits made
	// in this workspace; when empty the operating-system user is recorded.
	SettingUserName = "user_name"
	// SettingContentLanguage is the language the workspace's starter
	// content was written in ("fr"), which the playbook templates it adds
	// later are written in too; unset for English, the language of every
	// workspace made before there was a choice.
	SettingContentLanguage = "content_language"
)

// Setting returns a workspace setting, "" when unset.
func (db *DB) Setting(ctx context.Context, key string) (string, error) {
	v, err := setting(ctx, db.read, key)
	return v, db.readErr(err)
}

func setting(ctx context.Context, q queryer, key string) (string, error) {
	var v string
	err := q.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read setting %s: %w", key, err)
	}
	return v, nil
}

// Settings returns every workspace setting.
func (db *DB) Settings(ctx context.Context) (map[string]string, error) {
	v, err := settings(ctx, db.read)
	return v, db.readErr(err)
}

func settings(ctx context.Context, q queryer) (map[string]string, error) {
	rows, err := q.QueryContext(ctx, "SELECT key, value FROM settings")
	if err != nil {
		return nil, fmt.Errorf("read settings: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, fmt.Errorf("read settings: %w", err)
		}
		out[k] = v
	}
	return out, rows.Err()
}

// SetSetting stores a workspace setting; an empty value removes it.
func (db *DB) SetSetting(ctx context.Context, key, value string) error {
	value = strings.TrimSpace(value)
	return db.update(ctx, func(tx *Tx) error {
		return tx.setSetting(ctx, key, value)
	})
}

func (tx *Tx) setSetting(ctx context.Context, key, value string) error {
	old, err := setting(ctx, tx, key)
	if err != nil {
		return err
	}
	if old == value {
		return nil
	}
	if value == "" {
		_, err = tx.ExecContext(ctx, "DELETE FROM settings WHERE key = ?", key)
	} else {
		_, err = tx.ExecContext(ctx, "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value)
	}
	if err != nil {
		return fmt.Errorf("save setting %s: %w", key, err)
	}
	action := ActionUpdate
	var before, after any = old, value
	switch {
	case old == "":
		action, before = ActionCreate, nil
	case value == "":
		action, after = ActionDelete, nil
	}
	return tx.logChange(ctx, "setting", key, action, before, after)
}

// actor is the name recorded for edits: on a server the login, whatever
// the workspace's user name says (the database refuses a change-log row in
// another name); on a file the workspace's user name, or the
// operating-system user.
func (db *DB) actor(ctx context.Context, q queryer) (string, error) {
	if db.server != nil {
		return db.server.seat.login, nil
	}
	name, err := setting(ctx, q, SettingUserName)
	if err != nil || name != "" {
		return name, err
	}
	return osUser(), nil
}

// PersonName is the name of the person working in the workspace, as a
// document prints it: the workspace's user name, else the full name of the
// operating-system account; "" when neither is known, since a login such
// as root is not a person's name.
func (db *DB) PersonName(ctx context.Context) (string, error) {
	name, err := setting(ctx, db.read, SettingUserName)
	if err != nil || name != "" {
		return name, err
	}
	return osFullName(), nil
}

// Writable reports whether the workspace is open for writing.
func (db *DB) Writable() bool { return db.write != nil }

// Actor returns the name recorded in the change log for edits made now.
func (db *DB) Actor(ctx context.Context) (string, error) {
	v, err := db.actor(ctx, db.read)
	return v, db.readErr(err)
}
