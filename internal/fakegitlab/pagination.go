package fakegitlab

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Offset pagination as GitLab does it (Kaminari behind Gitlab::Pagination::OffsetHeaderBuilder).
const (
	defaultPerPage = 20
	maxPerPage     = 100
)

// page is the page a list request asks for.
type page struct {
	number, perPage int
	query           url.Values
}

// readPage reads page and per_page: Grape answers 400 "page is invalid" for a non-integer; a page
// below 1 is the first; per_page below 1 is the default and above 100 is 100.
func readPage(r *http.Request) (page, *response) {
	q := r.URL.Query()
	p := page{number: 1, perPage: defaultPerPage, query: q}
	var errs grapeErrors
	for _, param := range []struct {
		name string
		into *int
	}{{"page", &p.number}, {"per_page", &p.perPage}} {
		raw := q.Get(param.name)
		if raw == "" {
			continue
		}
		n, err := strconv.Atoi(strings.TrimSpace(raw))
		switch {
		case err != nil:
			errs = append(errs, param.name+" is invalid")
		case n >= 1:
			*param.into = n
		}
	}
	p.perPage = min(p.perPage, maxPerPage)
	return p, errs.response()
}

// window is the part of a list of total items that this page shows.
func (p page) window(total int) (start, end int) {
	start = min((p.number-1)*p.perPage, total)
	return start, min(start+p.perPage, total)
}

// headers are GitLab's pagination headers. A page past the last is empty and, as Kaminari says, has
// neither a next nor a previous page; X-Next-Page and X-Prev-Page are present but empty when there is
// none; X-Total-Pages is at least 1; Link repeats the request's URL and parameters with another page.
func (p page) headers(c *call, total int) http.Header {
	totalPages := max((total+p.perPage-1)/p.perPage, 1)
	outOfRange := p.number > totalPages
	prev, next := "", ""
	if p.number > 1 && !outOfRange {
		prev = strconv.Itoa(p.number - 1)
	}
	if p.number < totalPages {
		next = strconv.Itoa(p.number + 1)
	}

	link := func(number int, rel string) string {
		q := url.Values{}
		for k, v := range p.query {
			q[k] = v
		}
		q.Set("page", strconv.Itoa(number))
		q.Set("per_page", strconv.Itoa(p.perPage))
		return "<" + c.baseURL() + c.r.URL.EscapedPath() + "?" + q.Encode() + `>; rel="` + rel + `"`
	}
	var links []string
	if prev != "" {
		links = append(links, link(p.number-1, "prev"))
	}
	if next != "" {
		links = append(links, link(p.number+1, "next"))
	}
	links = append(links, link(1, "first"), link(totalPages, "last"))

	return http.Header{
		"X-Page":        {strconv.Itoa(p.number)},
		"X-Per-Page":    {strconv.Itoa(p.perPage)},
		"X-Next-Page":   {next},
		"X-Prev-Page":   {prev},
		"X-Total":       {strconv.Itoa(total)},
		"X-Total-Pages": {strconv.Itoa(totalPages)},
		"Link":          {strings.Join(links, ", ")},
	}
}
