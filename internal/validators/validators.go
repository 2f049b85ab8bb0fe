package validators

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// ApplicationName refuses an empty or blank name, as GitLab does ("can't be blank").
func ApplicationName() validator.String {
	return stringCheck{
		description: "must not be empty",
		check: func(v string) []string {
			if strings.TrimSpace(v) == "" {
				return []string{"name can't be blank: give the application the name users see when they authorize it"}
			}
			return nil
		},
	}
}

// RedirectURI applies GitLab's redirect-URI rules to each whitespace-separated URI, with one error
// for each URI GitLab would refuse.
func RedirectURI() validator.String {
	return stringCheck{
		description: "one or more absolute URIs separated by ASCII whitespace, without fragments",
		check:       RedirectURIProblems,
	}
}

// RegularExpression refuses a value that is not a valid (RE2, Go) regular expression.
func RegularExpression() validator.String {
	return stringCheck{
		description: "a valid regular expression (RE2 syntax)",
		check: func(v string) []string {
			if _, err := regexp.Compile(v); err != nil {
				return []string{fmt.Sprintf("%q is not a valid regular expression: %v", v, err)}
			}
			return nil
		},
	}
}

// Scopes requires at least one scope and refuses those no GitLab accepts (ScopeProblem). Whether the
// server knows the others is checked in the plan, where its list can be had.
func Scopes() validator.Set {
	return scopesValidator{}
}

type stringCheck struct {
	description string
	// check returns one message for each problem; none when the value is fine.
	check func(string) []string
}

func (v stringCheck) Description(context.Context) string { return v.description }

func (v stringCheck) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v stringCheck) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	for _, problem := range v.check(req.ConfigValue.ValueString()) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(), problem)
	}
}

type scopesValidator struct{}

func (scopesValidator) Description(context.Context) string {
	return "at least one scope, each one word that GitLab's spelling allows, or user:<name>"
}

func (v scopesValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (scopesValidator) ValidateSet(_ context.Context, req validator.SetRequest, resp *validator.SetResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	elements := req.ConfigValue.Elements()
	if len(elements) == 0 {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid scopes", "scopes must hold at least one scope, such as \"read_user\" or \"openid\"")
		return
	}
	for _, element := range elements {
		scope, ok := element.(types.String)
		if !ok || scope.IsUnknown() || scope.IsNull() {
			continue
		}
		if err := ScopeProblem(scope.ValueString()); err != nil {
			resp.Diagnostics.AddAttributeError(req.Path, "Invalid scope", err.Error())
		}
	}
}
