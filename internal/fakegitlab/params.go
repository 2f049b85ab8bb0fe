package fakegitlab

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
)

// rawParams are a request's parameters before Grape coerces them: the query string, with a form or
// JSON body on top (Rack and Grape merge them in that order, the body winning). client-go sends JSON
// bodies for POST and PUT; curl and older clients send forms or query strings. All three work.
type rawParams map[string]rawValue

// rawValue is one parameter as the client sent it.
type rawValue struct {
	kind valueKind
	text string   // scalarValue
	list []string // listValue: a JSON array or key[]=a&key[]=b
}

type valueKind int

const (
	scalarValue valueKind = iota // a string, number or boolean
	listValue
	nullValue    // JSON null: present, but blank
	invalidValue // a JSON object, or an array holding one: no String or Boolean parameter takes it
)

// invalidBody is Grape's answer to a JSON body that does not parse.
const invalidBody = "\nProblem:\n  message body does not match declared format\nResolution:\n  when specifying application/json " +
	"as content-type, you must pass valid application/json in the request's 'body' "

func readParams(r *http.Request) (rawParams, *response) {
	p := rawParams{}
	p.addValues(r.URL.Query())
	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch mediaType {
	case "application/json":
		dec := json.NewDecoder(r.Body)
		dec.UseNumber()
		var body any
		if err := dec.Decode(&body); err != nil && !errors.Is(err, io.EOF) {
			return nil, grapeError(invalidBody)
		}
		object, ok := body.(map[string]any)
		if body != nil && !ok {
			return nil, grapeError(invalidBody)
		}
		for k, v := range object {
			p[k] = jsonValue(v)
		}
	case "application/x-www-form-urlencoded":
		if err := r.ParseForm(); err != nil {
			return nil, grapeError(invalidBody)
		}
		p.addValues(r.PostForm)
	case "multipart/form-data":
		if err := r.ParseMultipartForm(maxBodyBytes); err != nil {
			return nil, grapeError(invalidBody)
		}
		p.addValues(r.MultipartForm.Value)
	}
	return p, nil
}

// addValues adds query or form values: the last of repeated keys wins, as in Rack, and key[] makes a list.
func (p rawParams) addValues(values url.Values) {
	for k, v := range values {
		if name, ok := strings.CutSuffix(k, "[]"); ok {
			p[name] = rawValue{kind: listValue, list: v}
		} else if len(v) > 0 {
			p[k] = rawValue{text: v[len(v)-1]}
		}
	}
}

func jsonValue(v any) rawValue {
	switch v := v.(type) {
	case nil:
		return rawValue{kind: nullValue}
	case string:
		return rawValue{text: v}
	case json.Number:
		return rawValue{text: v.String()}
	case bool:
		if v {
			return rawValue{text: "true"}
		}
		return rawValue{text: "false"}
	case []any:
		list := make([]string, len(v))
		for i, e := range v {
			item := jsonValue(e)
			if item.kind != scalarValue {
				return rawValue{kind: invalidValue}
			}
			list[i] = item.text
		}
		return rawValue{kind: listValue, list: list}
	}
	return rawValue{kind: invalidValue}
}

// grapeErrors collects Grape's parameter messages in the order the route declares its parameters.
type grapeErrors []string

func (e grapeErrors) response() *response {
	if len(e) == 0 {
		return nil
	}
	return grapeError(e...)
}

// str is a String parameter: present tells whether the client sent it at all; null is blank.
func (p rawParams) str(name string, errs *grapeErrors) (value string, present bool) {
	v, ok := p[name]
	if !ok {
		return "", false
	}
	switch v.kind {
	case listValue, invalidValue:
		*errs = append(*errs, name+" is invalid")
	}
	return v.text, true
}

// scopes is the scopes parameter, a String with allow_blank: false; a list (a JSON array) is taken as
// the scopes it holds. Split on whitespace, duplicates dropped in order, as Doorkeeper stores them.
func (p rawParams) scopes(required bool, errs *grapeErrors) []string {
	v, ok := p["scopes"]
	switch {
	case !ok && required:
		*errs = append(*errs, "scopes is missing", "scopes is empty")
		return nil
	case !ok:
		return nil
	case v.kind == invalidValue:
		*errs = append(*errs, "scopes is invalid")
		return nil
	}
	text := v.text
	if v.kind == listValue {
		text = strings.Join(v.list, " ")
	}
	scopes := splitScopes(text)
	if len(scopes) == 0 {
		*errs = append(*errs, "scopes is empty")
	}
	return scopes
}

// boolean is a Boolean parameter with a default, coerced as Grape does (true/false, 1/0, yes/no, ...).
func (p rawParams) boolean(name string, fallback bool, errs *grapeErrors) bool {
	v, ok := p[name]
	if !ok || v.kind == nullValue {
		return fallback
	}
	if v.kind == scalarValue {
		switch strings.ToLower(v.text) {
		case "true", "t", "1", "yes", "y", "on":
			return true
		case "false", "f", "0", "no", "n", "off":
			return false
		}
	}
	*errs = append(*errs, name+" is invalid")
	return fallback
}

type createInput struct {
	name, redirectURI string
	scopes            []string
	confidential      bool
}

// createInput checks the create routes' parameters as Grape does: name, redirect_uri and scopes are
// required, confidential is optional with default true.
func (p rawParams) createInput() (createInput, *response) {
	var errs grapeErrors
	var in createInput
	var present bool
	if in.name, present = p.str("name", &errs); !present {
		errs = append(errs, "name is missing")
	}
	if in.redirectURI, present = p.str("redirect_uri", &errs); !present {
		errs = append(errs, "redirect_uri is missing")
	}
	in.scopes = p.scopes(true, &errs)
	in.confidential = p.boolean("confidential", true, &errs)
	return in, errs.response()
}

// updateInput is what PUT /user/applications/:id may change; nil fields stay as they are.
// redirect_uri and confidential are not parameters of the route: GitLab ignores them.
type updateInput struct {
	name   *string
	scopes []string
}

func (p rawParams) updateInput() (updateInput, *response) {
	var errs grapeErrors
	var in updateInput
	if name, present := p.str("name", &errs); present {
		in.name = &name
	}
	in.scopes = p.scopes(false, &errs)
	return in, errs.response()
}
