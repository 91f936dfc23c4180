package risk

import "strings"

// MergeImported sets on r the non-empty fields of in: an import's update
// of a stored risk touches only what the sheet holds.
//   - text: title, description, category, cause, vulnerability,
//     consequence, owner, source, justification (blank text is empty);
//   - scores: inherent, residual, target, each when both likelihood and
//     consequence are set;
//   - treatment, status, review frequency, control effectiveness,
//     confidence, last review date, acceptance (when any part is set),
//     the day it was identified;
//   - controls and threatened activities/resources: a non-empty list
//     replaces the stored list;
//   - actions: imported actions are added after the stored ones, except
//     those whose title (ignoring case) the risk already has; stored
//     actions are never changed or removed.
//
// The reference, creation time and next review (derived) are never taken
// from the import. The store applies it, and the import plan uses it to
// show each update as old → new and check it before anything is written.
func MergeImported(r *Risk, in Risk) {
	for _, f := range []struct{ dst, src *string }{
		{&r.Title, &in.Title}, {&r.Description, &in.Description}, {&r.Category, &in.Category},
		{&r.Cause, &in.Cause}, {&r.Vulnerability, &in.Vulnerability}, {&r.Consequence, &in.Consequence},
		{&r.Owner, &in.Owner}, {&r.Source, &in.Source}, {&r.Justification, &in.Justification},
	} {
		if strings.TrimSpace(*f.src) != "" {
			*f.dst = *f.src
		}
	}
	for _, s := range []struct{ dst, src *Score }{
		{&r.Inherent, &in.Inherent}, {&r.Residual, &in.Residual}, {&r.Target, &in.Target},
	} {
		if s.src.Likelihood != 0 && s.src.Consequence != 0 {
			*s.dst = *s.src
		}
	}
	if in.Treatment != "" {
		r.Treatment = in.Treatment
	}
	if in.Status != "" {
		r.Status = in.Status
	}
	if in.ReviewFrequency != "" {
		r.ReviewFrequency = in.ReviewFrequency
	}
	if in.ControlEffectiveness != "" {
		r.ControlEffectiveness = in.ControlEffectiveness
	}
	if in.Confidence != "" {
		r.Confidence = in.Confidence
	}
	if !in.LastReview.IsZero() {
		r.LastReview = in.LastReview
	}
	if !in.Identified.IsZero() {
		r.Identified = in.Identified
	}
	if in.Acceptance != (Acceptance{}) {
		r.Acceptance = in.Acceptance
	}
	if len(in.Controls) > 0 {
		r.Controls = append([]string(nil), in.Controls...)
	}
	if len(in.Threatens) > 0 {
		r.Threatens = append([]string(nil), in.Threatens...)
	}
	have := map[string]bool{}
	for _, a := range r.Actions {
		have[strings.ToLower(strings.TrimSpace(a.Title))] = true
	}
	for _, a := range in.Actions {
		key := strings.ToLower(strings.TrimSpace(a.Title))
		if key == "" || have[key] {
			continue
		}
		have[key] = true
		a.ID = 0
		r.Actions = append(r.Actions, a)
	}
}
