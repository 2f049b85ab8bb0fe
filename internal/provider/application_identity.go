package provider

import (
	"context"
	"fmt"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ resource.ResourceWithIdentity = &applicationResource{}

// A resource identity (Terraform 1.12+, OpenTofu 1.12+) names one application the way its import id
// does: `{ id }`, and `{ group, id }` for kinds with an owner. It is written on create and import and
// then kept: Terraform refuses an identity that changes, and `group` may later be rewritten in the
// other form (its id for its full path) without a new application. Older CLIs keep none, so Read and
// Update write it when it is missing.

// applicationIdentityModel is an identity without its owner attribute, which setOwned adds.
type applicationIdentityModel struct {
	ID types.String `tfsdk:"id"`
}

func (r *applicationResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = r.kind.identitySchema()
}

func (k *applicationKind) identitySchema() identityschema.Schema {
	attributes := map[string]identityschema.Attribute{
		"id": identityschema.StringAttribute{
			RequiredForImport: true,
			Description:       "GitLab's numeric id of the application, as a string (the resource's `id`, not the OAuth client id).",
		},
	}
	if k.owner != nil {
		attributes[k.owner.name] = identityschema.StringAttribute{
			RequiredForImport: true,
			Description:       k.owner.description,
		}
	}
	return identityschema.Schema{Attributes: attributes}
}

// setIdentity writes the identity of the application m describes. identity is nil where the
// framework has none to fill.
func (k *applicationKind) setIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, m applicationModel) diag.Diagnostics {
	if identity == nil {
		return nil
	}
	return k.setOwned(ctx, identity.Set, identity.Schema, applicationIdentityModel{ID: m.ID}, m.Owner)
}

// setMissingIdentity writes the identity of the application m describes when there is none yet (a
// state from before identities, or from a CLI without them); an identity once written is kept.
func (k *applicationKind) setMissingIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, m applicationModel) diag.Diagnostics {
	if identity != nil && !identity.Raw.IsFullyNull() {
		return nil
	}
	return k.setIdentity(ctx, identity, m)
}

// importFromIdentity reads an import block's identity into the owner and the numeric id, checked
// the way an import id is.
func (k *applicationKind) importFromIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity) (owner string, id int64, diags diag.Diagnostics) {
	var raw types.String
	diags.Append(identity.GetAttribute(ctx, path.Root("id"), &raw)...)
	if k.owner != nil {
		var ownerValue types.String
		diags.Append(identity.GetAttribute(ctx, path.Root(k.owner.name), &ownerValue)...)
		owner = ownerValue.ValueString()
		if !diags.HasError() && owner == "" {
			diags.AddAttributeError(path.Root(k.owner.name), "Invalid import identity",
				fmt.Sprintf("The identity of a %s needs `%s`, such as %q.", k.noun, k.owner.name, k.owner.example))
		}
	}
	if diags.HasError() {
		return "", 0, diags
	}
	id, err := parseApplicationID(raw.ValueString())
	if err != nil {
		diags.AddAttributeError(path.Root("id"), "Invalid import identity", err.Error())
	}
	return owner, id, diags
}

// importState starts an import from either an import id or an identity; Read then fills in the rest.
// Nothing is sent to GitLab before the id is valid.
func (k *applicationKind) importState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	var owner string
	var id int64
	if req.ID == "" && req.Identity != nil {
		var diags diag.Diagnostics
		owner, id, diags = k.importFromIdentity(ctx, req.Identity)
		resp.Diagnostics.Append(diags...)
	} else {
		var err error
		owner, id, err = k.parseImportID(req.ID)
		if err != nil {
			resp.Diagnostics.AddError("Invalid import id", err.Error())
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}
	m := applicationModel{Owner: types.StringValue(owner), ID: types.StringValue(strconv.FormatInt(id, 10))}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), m.ID)...)
	if k.owner != nil {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(k.owner.name), m.Owner)...)
	}
	resp.Diagnostics.Append(k.setIdentity(ctx, resp.Identity, m)...)
}
