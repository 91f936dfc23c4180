package sqlite

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"riskbook/risk"
)

// History returns what happened to one record, oldest first: each change
// with who made it, when, and the fields it changed (risk.DiffJSON). It
// follows the record through renames, so the history of R-010 includes
// what happened while it was R-003. entity is the change-log entity
// ("risk", "playbook", …), key the record's reference now.
func (db *DB) History(ctx context.Context, entity, key string) ([]risk.HistoryEntry, error) {
	rows, err := changes(ctx, db.read, ChangeFilter{Entity: entity})
	if err != nil {
		return nil, err
	}
	var out []risk.HistoryEntry
	current := key
	for i := len(rows) - 1; i >= 0; i-- {
		c := rows[i]
		if !strings.EqualFold(c.Key, current) {
			continue
		}
		fields, err := risk.DiffJSON(c.Before, c.After)
		if err != nil {
			return nil, fmt.Errorf("change-log row %d: %w", c.ID, err)
		}
		out = append(out, risk.HistoryEntry{At: c.At, Actor: c.Actor, Action: c.Action, Key: c.Key, Fields: fields})
		if c.Action == ActionCreate {
			break // an earlier record under this reference was another one
		}
		var was struct {
			Ref string `json:"ref"`
		}
		if c.Action == ActionUpdate && json.Unmarshal([]byte(c.Before), &was) == nil && was.Ref != "" {
			current = was.Ref
		}
	}
	slices.Reverse(out)
	return out, nil
}
