package validators

import (
	"context"
	"errors"
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
		check: func(v string) error {
			if strings.TrimSpace(v) == "" {
				return errors.New("name can't be blank: give the application the name users see when they authorize it")
			}
			return nil
		},
	}
}

// RedirectURI applies GitLab's redirect-URI rules to each whitespace-separated URI.
func RedirectURI() validator.String {
	return stringCheck{
		description: "one or more absolute URIs separated by whitespace, without fragments",
		check:       CheckRedirectURIs,
	}
}

// RegularExpression refuses a value that is not a valid (RE2, Go) regular expression.
func RegularExpression() validator.String {
	return stringCheck{
		description: "a valid regular expression (RE2 syntax)",
		check: func(v string) error {
			if _, err := regexp.Compile(v); err != nil {
				return fmt.Errorf("%q is not a valid regular expression: %w", v, err)
			}
			return nil
		},
	}
}

// Scopes requires at least one scope, each one GitLab knows or user:<name>.
func Scopes() validator.Set {
	return scopesValidator{}
}

type stringCheck struct {
	description string
	check       func(string) error
}

func (v stringCheck) Description(context.Context) string { return v.description }

func (v stringCheck) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v stringCheck) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := v.check(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(), err.Error())
	}
}

type scopesValidator struct{}

func (scopesValidator) Description(context.Context) string {
	return "at least one scope, each a scope GitLab knows or user:<name>"
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
		if err := CheckScope(scope.ValueString()); err != nil {
			resp.Diagnostics.AddAttributeError(req.Path, "Invalid scope", err.Error())
		}
	}
}
