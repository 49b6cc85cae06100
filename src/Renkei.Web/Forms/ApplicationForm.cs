using System.Globalization;

namespace Renkei.Web.Forms;

/// <summary>One input of an application form: the API field it fills, its label key and its type.</summary>
public sealed record FormField(string Name, string Label, FieldType Type, bool Required, IReadOnlyList<string>? Options = null);

public enum FieldType
{
    Text,
    Date,
    Number,
    Checkbox,
    Select,
    Password,
}

/// <summary>
/// The application forms other than the switch-in (which has its own page for the 廃止取次): each posts a JSON
/// body of its fields to its gateway path, and the API's rule messages come back next to each field.
/// </summary>
public sealed record ApplicationForm(string Slug, string InterfaceId, string Path, IReadOnlyList<FormField> Fields)
{
    public static readonly IReadOnlyList<ApplicationForm> All =
    [
        new("switch-out", "IF_10710", "api/v1/switching/applications/switch-out",
        [
            new("supplyPointId", "field.supplyPointId", FieldType.Text, true),
            new("switchDate", "field.switchOutDate", FieldType.Date, true),
            new("customerNumber", "field.customerNumber", FieldType.Text, false),
        ]),
        new("move-in", "IF_10410", "api/v1/switching/applications/move-in",
        [
            new("supplyPointId", "field.supplyPointId", FieldType.Text, true),
            new("startDate", "field.startDate", FieldType.Date, true),
        ]),
        new("move-out", "IF_10510", "api/v1/switching/applications/move-out",
        [
            new("supplyPointId", "field.supplyPointId", FieldType.Text, true),
            new("endDate", "field.endDate", FieldType.Date, true),
            new("removeFacilities", "field.removeFacilities", FieldType.Checkbox, false),
        ]),
        new("customer-details", "IF_10810", "api/v1/switching/applications/customer-details",
        [
            new("supplyPointId", "field.supplyPointId", FieldType.Text, true),
            new("customerNumber", "field.customerNumber", FieldType.Text, false),
            new("name", "field.name", FieldType.Text, false),
            new("nameKana", "field.nameKana", FieldType.Text, false),
            new("address", "field.address", FieldType.Text, false),
            new("phone", "field.phone", FieldType.Text, false),
        ]),
        new("ampere-change", "IF_10910", "api/v1/switching/applications/ampere-change",
        [
            new("supplyPointId", "field.supplyPointId", FieldType.Text, true),
            new("amperes", "field.amperes", FieldType.Select, true, ["10", "15", "20", "30", "40", "50", "60"]),
            new("changeDate", "field.changeDate", FieldType.Date, true),
        ]),
        new("usage-information", "IF_10210", "api/v1/switching/applications/usage-information",
        [
            new("supplyPointId", "field.supplyPointId", FieldType.Text, true),
            new("password", "field.password", FieldType.Password, true),
        ]),
    ];

    public static ApplicationForm? Find(string? slug) => All.FirstOrDefault(f => string.Equals(f.Slug, slug, StringComparison.Ordinal));

    /// <summary>The JSON body: empty text and dates are null (the API says which are required), numbers parsed, checkboxes true/false.</summary>
    public Dictionary<string, object?> Body(Func<string, string?> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var body = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var f in Fields)
        {
            var v = value(f.Name)?.Trim();
            body[f.Name] = f.Type switch
            {
                FieldType.Checkbox => v is "true" or "on",
                FieldType.Number or FieldType.Select => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null,
                _ => string.IsNullOrEmpty(v) ? null : v,
            };
        }

        return body;
    }
}
