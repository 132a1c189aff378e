package ui

import (
	"context"

	"github.com/authlens/authlens/request"
	"github.com/authlens/authlens/ui/textview"
)

// searchable is the attempt's body on disk as a search sees it: masked
// unless revealed. The same value each time, so a view keeps its search.
func (a *attempt) searchable(reveal bool) textview.Spool {
	sp := a.spool()
	switch {
	case sp == nil:
		return nil
	case reveal:
		return sp
	}
	if a.maskedSp == nil || a.maskedSp.Spool != sp {
		a.maskedSp = &maskedSpool{Spool: sp, kind: a.lineType, secrets: a.lineSecrets}
	}
	return a.maskedSp
}

// maskedSpool is a body on disk searched as its lines are shown: with the
// secrets they are masked with.
type maskedSpool struct {
	*request.Spool
	kind    string
	secrets []string
}

func (m *maskedSpool) Search(ctx context.Context, query string, fold bool, max int) ([]int64, bool, error) {
	return m.Spool.SearchMasked(ctx, query, fold, max, m.kind, m.secrets)
}
