package sqlite

import (
	"testing"

	"riskbook/i18n"
	"riskbook/risk"
)

// TestStoreMessagesInEveryLanguage writes the store's sentences that are
// put together from a kind of record — gone records, refused imports — for
// every kind, in every language: no kind is left in English, no
// placeholder or identifier shows.
func TestStoreMessagesInEveryLanguage(t *testing.T) {
	kinds := []string{"risk", "activity", "resource", "playbook", "activation", "contact", "exercise"}
	for _, kind := range kinds {
		errs := []error{gone(kind, ""), gone(kind, "X-1"),
			refused(kind, "X-1", "Perte du site", risk.Err(risk.EINVALID, risk.T("rules.finding.subject", risk.Args{"Ref": "X-1", "Message": risk.T("rules.title_missing")})))}
		for _, err := range errs {
			en := risk.ErrorMessageIn(i18n.For(i18n.English), err)
			for _, l := range i18n.Langs() {
				got := risk.ErrorMessageIn(i18n.For(l), err)
				if why := i18n.Unwritten(got); why != "" {
					t.Errorf("%s, %s %s: %q", kind, l, why, got)
				}
				if l != i18n.English && got == en {
					t.Errorf("%s, %s: the English text %q", kind, l, got)
				}
			}
		}
	}
	tests := []struct {
		lang i18n.Lang
		want string
	}{
		{i18n.English, `Nothing was imported: risk R-001 ("Perte du site") was refused: the risk has no title; say in a few words what could happen.`},
		{i18n.French, "Rien n’a été importé, car Riskbook a refusé le risque R-001 («\u202fPerte du site\u202f»)\u00a0: le risque n’a pas de titre\u202f; dites en quelques mots ce qui pourrait arriver."},
		{i18n.Spanish, "No se importó nada, porque Riskbook rechazó el riesgo R-001 («Perte du site»): el riesgo no tiene título; describa en pocas palabras lo que podría ocurrir."},
	}
	err := refused("risk", "R-001", "Perte du site", risk.Err(risk.EINVALID, risk.T("rules.finding.subject", risk.Args{"Ref": "R-001", "Message": risk.T("rules.title_missing")})))
	for _, tt := range tests {
		if got := risk.ErrorMessageIn(i18n.For(tt.lang), err); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.lang, got, tt.want)
		}
	}
}
