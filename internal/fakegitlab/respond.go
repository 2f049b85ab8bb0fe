package fakegitlab

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
)

// response is what a route answers. Handlers return one instead of writing it, so that the lost-answer
// fault can do a request's work and throw its answer away, and so that every answer is written (and
// its JSON encoded, outside any lock) in one place.
type response struct {
	status int
	header http.Header
	body   any // encoded as JSON; nil: an empty body
}

func jsonResponse(status int, body any) *response {
	return &response{status: status, body: body}
}

// noContent is DELETE's 204 with an empty body.
func noContent() *response { return &response{status: http.StatusNoContent} }

// messageError is GitLab's error!/not_found!/forbidden! body: {"message":"404 Application Not Found"}.
func messageError(status int, message string) *response {
	return jsonResponse(status, map[string]string{"message": message})
}

// grapeError is a Grape parameter error: {"error":"name is missing, scopes is empty"}.
func grapeError(messages ...string) *response {
	return jsonResponse(http.StatusBadRequest, map[string]string{"error": strings.Join(messages, ", ")})
}

// routeNotFound is the API's catch-all route, which answers anything GitLab has no route for
// (including every route of a version that does not have it yet).
func routeNotFound() *response {
	return jsonResponse(http.StatusNotFound, map[string]string{"error": "404 Not Found"})
}

func forbidden() *response { return messageError(http.StatusForbidden, "403 Forbidden") }

func groupNotFound() *response { return messageError(http.StatusNotFound, "404 Group Not Found") }

func applicationNotFound() *response {
	return messageError(http.StatusNotFound, "404 Application Not Found")
}

// write sends the response. GitLab's JSON has no trailing newline.
func (resp *response) write(w http.ResponseWriter) {
	for k, v := range resp.header {
		w.Header()[k] = v
	}
	if resp.body == nil {
		w.WriteHeader(resp.status)
		return
	}
	body, err := json.Marshal(resp.body)
	if err != nil { // only our own types are encoded: a bug
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(resp.status)
	_, _ = w.Write(body)
}

// field is one member of an orderedObject.
type field struct {
	name  string
	value any
}

// orderedObject is a JSON object whose members keep their order, where GitLab's order is not
// alphabetical (the model's error messages, some entities).
type orderedObject []field

func (o orderedObject) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, f := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		name, err := json.Marshal(f.name)
		if err != nil {
			return nil, err
		}
		value, err := json.Marshal(f.value)
		if err != nil {
			return nil, err
		}
		b.Write(name)
		b.WriteByte(':')
		b.Write(value)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// statusRecorder remembers the status for the request log; Unwrap lets a fault hijack the connection
// through http.ResponseController.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
	r.ResponseWriter.WriteHeader(status)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// notFoundPage is what GitLab's web application (not its API) answers for an unknown path: a base URL
// with a wrong path prefix gets an HTML page, not the API's JSON.
func notFoundPage(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	_, _ = w.Write([]byte("<!DOCTYPE html>\n<html>\n<head><title>The page you're looking for could not be found (404)</title></head>\n" +
		"<body><h1>404</h1><h3>Page not found</h3><p>Make sure the address is correct and the page has not moved.</p></body>\n</html>\n"))
}
