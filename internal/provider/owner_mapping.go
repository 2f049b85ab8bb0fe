package provider

import (
	"context"
	"fmt"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

// The owner attribute (a group) is the one attribute no struct tag maps: its name comes from the
// kind's description alone (ownerAttribute.name), and every model that carries it (the resource's, the
// data source's, the list resource's configuration, the identity) keeps it in a field tagged
// `tfsdk:"-"`. getOwned and setOwned move it between that field and Terraform's data; the framework
// maps the rest of the model by its tags as usual. Kinds without an owner skip all of this.

// terraformSchema is the schema of a plan, a state, a configuration or an identity: its object type
// names the attributes setOwned fills.
type terraformSchema interface {
	Type() attr.Type
}

// getOwned reads Terraform data into target, a pointer to a model without the owner attribute, and
// returns the owner attribute's value (null for a kind without one).
func (k *applicationKind) getOwned(ctx context.Context, get func(context.Context, any) diag.Diagnostics, target any) (types.String, diag.Diagnostics) {
	if k.owner == nil {
		return types.StringNull(), get(ctx, target)
	}
	var whole types.Object
	diags := get(ctx, &whole)
	if diags.HasError() {
		return types.StringNull(), diags
	}
	attributes := maps.Clone(whole.Attributes())
	owner, ok := attributes[k.owner.name].(types.String)
	if !ok {
		diags.AddError("Unexpected data", fmt.Sprintf("%q is not a string attribute of the %s data; please report this issue", k.owner.name, k.noun))
		return types.StringNull(), diags
	}
	delete(attributes, k.owner.name)
	attributeTypes := maps.Clone(whole.AttributeTypes(ctx))
	delete(attributeTypes, k.owner.name)
	rest, d := types.ObjectValue(attributeTypes, attributes)
	diags.Append(d...)
	if diags.HasError() {
		return owner, diags
	}
	diags.Append(rest.As(ctx, target, basetypes.ObjectAsOptions{})...)
	return owner, diags
}

// setOwned writes model, without the owner attribute, and owner into Terraform data of the given schema.
func (k *applicationKind) setOwned(ctx context.Context, set func(context.Context, any) diag.Diagnostics, schema terraformSchema, model any, owner types.String) diag.Diagnostics {
	if k.owner == nil {
		return set(ctx, model)
	}
	var diags diag.Diagnostics
	objectType, ok := schema.Type().(attr.TypeWithAttributeTypes)
	if !ok {
		diags.AddError("Unexpected schema", fmt.Sprintf("the %s schema is a %T, not an object; please report this issue", k.noun, schema.Type()))
		return diags
	}
	attributeTypes := objectType.AttributeTypes()
	restTypes := maps.Clone(attributeTypes)
	delete(restTypes, k.owner.name)
	rest, d := types.ObjectValueFrom(ctx, restTypes, model)
	diags.Append(d...)
	if diags.HasError() {
		return diags
	}
	attributes := maps.Clone(rest.Attributes())
	attributes[k.owner.name] = owner
	whole, d := types.ObjectValue(attributeTypes, attributes)
	diags.Append(d...)
	if diags.HasError() {
		return diags
	}
	return set(ctx, whole)
}
