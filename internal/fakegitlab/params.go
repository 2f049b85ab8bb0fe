package fakegitlab

import (
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strings"
)

// params are a request's parameters, from the query string, a form body or a JSON body, as Grape
// merges them.
type params map[string]string

func readParams(r *http.Request) (params, error) {
	p := params{}
	for k, v := range r.URL.Query() {
		p[k] = strings.Join(v, " ")
	}
	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch mediaType {
	case "application/json":
		var body map[string]any
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil && err.Error() != "EOF" {
			return nil, errors.New("the request body is not valid JSON")
		}
		for k, v := range body {
			p[k] = jsonParam(v)
		}
	case "application/x-www-form-urlencoded", "multipart/form-data":
		if err := r.ParseForm(); err != nil {
			return nil, err
		}
		for k, v := range r.PostForm {
			p[k] = strings.Join(v, " ")
		}
	}
	return p, nil
}

// jsonParam flattens a JSON value the way Grape coerces it to a string; arrays (of scopes) join with spaces.
func jsonParam(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = jsonParam(e)
		}
		return strings.Join(parts, " ")
	case nil:
		return ""
	default:
		return fmt.Sprint(v)
	}
}

func (p params) has(name string) bool { _, ok := p[name]; return ok }

func (p params) value(name string) string { return p[name] }

func (p params) boolean(name string, fallback bool) bool {
	switch strings.ToLower(p[name]) {
	case "true", "1":
		return true
	case "false", "0":
		return false
	}
	return fallback
}

// missing is Grape's message for absent required parameters, in GitLab's order.
func (p params) missing() string {
	var errs []string
	for _, name := range []string{"name", "redirect_uri"} {
		if !p.has(name) {
			errs = append(errs, name+" is missing")
		}
	}
	switch {
	case !p.has("scopes"):
		errs = append(errs, "scopes is missing", "scopes is empty")
	case strings.TrimSpace(p["scopes"]) == "":
		errs = append(errs, "scopes is empty")
	}
	return strings.Join(errs, ", ")
}
