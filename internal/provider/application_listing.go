package provider

import (
	"context"
	"regexp"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabclient"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/validators"
)

// applicationsQueryModel is what a data source and a list block ask for: whose applications (the
// owner attribute, mapped by getOwned, for kinds that have one) and which names.
type applicationsQueryModel struct {
	Owner     types.String `tfsdk:"-"`
	Name      types.String `tfsdk:"name"`
	NameRegex types.String `tfsdk:"name_regex"`
}

// listApplications answers a query, for the data sources and the list resources alike: the kind's
// applications of the owner whose names pass the filters, ordered by id. Nothing is sent to GitLab
// when the filters are invalid.
func (k *applicationKind) listApplications(ctx context.Context, c *gitlabclient.Client, q applicationsQueryModel) ([]gitlabclient.Application, diag.Diagnostics) {
	var diags diag.Diagnostics
	filter, err := newNameFilter(q.Name, q.NameRegex)
	if err != nil {
		diags.AddError("Invalid name_regex", err.Error())
		return nil, diags
	}
	apps, err := k.calls.list(ctx, c, q.Owner.ValueString())
	if err != nil {
		diags.AddError("Cannot list "+k.noun+"s", k.explain(err, ""))
		return nil, diags
	}
	matching := apps[:0]
	for _, app := range apps {
		if filter.matches(app.Name) {
			matching = append(matching, app)
		}
	}
	sort.Slice(matching, func(i, j int) bool { return matching[i].ID < matching[j].ID })
	return matching, diags
}

// queryAttribute is one string attribute of applicationsQueryModel, which the data source's and the
// list resource's schemas both declare, each in its own schema package.
type queryAttribute struct {
	name        string
	description string
	// owner: the kind's owner attribute, required; the filters are optional.
	owner      bool
	validators []validator.String
}

// queryAttributes are the attributes of a query for this kind's applications: the name filters, which
// nameFilter applies, and the owner for a kind that has one.
func (k *applicationKind) queryAttributes() []queryAttribute {
	attributes := []queryAttribute{
		{name: "name", description: "Only the applications with exactly this name."},
		{
			name:        "name_regex",
			description: "Only the applications whose name matches this regular expression (RE2 syntax, as Go's `regexp`).",
			validators:  []validator.String{validators.RegularExpression()},
		},
	}
	if k.owner != nil {
		attributes = append(attributes, queryAttribute{
			name: k.owner.name, description: k.owner.description, owner: true, validators: []validator.String{k.owner.validator},
		})
	}
	return attributes
}

// nameFilter keeps the applications with a name equal to `name` and matching `name_regex`, each
// when set. The data sources and the list resources share it.
type nameFilter struct {
	name  *string
	regex *regexp.Regexp
}

// newNameFilter compiles the filter. validators.RegularExpression refuses a bad expression at plan
// time; one that reaches here unchecked (an unknown value then) is an error, not a panic.
func newNameFilter(name, nameRegex types.String) (nameFilter, error) {
	var f nameFilter
	if !name.IsNull() {
		v := name.ValueString()
		f.name = &v
	}
	if !nameRegex.IsNull() {
		re, err := regexp.Compile(nameRegex.ValueString())
		if err != nil {
			return f, err
		}
		f.regex = re
	}
	return f, nil
}

func (f nameFilter) matches(name string) bool {
	return (f.name == nil || *f.name == name) && (f.regex == nil || f.regex.MatchString(name))
}
