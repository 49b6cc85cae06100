using System.Globalization;
using Renkei.Client;
using Renkei.Formats.Text;

namespace Renkei.Web.Forms;

/// <summary>One input of an application form: the API field it fills, its label key and its type.</summary>
internal sealed record FormField(string Name, string Label, FieldType Type, bool Required, IReadOnlyList<string>? Options = null);

internal enum FieldType
{
    Text,
    Date,
    Number,
    Checkbox,
    Select,
    Password,

    /// <summary>A select of the market's codes (sent as text: "01" stays "01").</summary>
    Code,
}

/// <summary>
/// The application forms other than the switch-in (which has its own page for the 廃止取次): each sends its fields
/// as the application's request through the gateway client, and the API's rule messages come back next to each field.
/// </summary>
internal sealed record ApplicationForm(string Slug, string InterfaceId, IReadOnlyList<FormField> Fields)
{
    /// <summary>The market's time bands (施工希望時刻, 立会希望時刻, 入居予定時刻): 1 morning, 2 afternoon, 9 any time.</summary>
    /// <remarks>Declared before the forms that use it: static fields are initialised in the order they are written.</remarks>
    private static readonly string[] TimeBands = ["1", "2", "9"];

    public static readonly IReadOnlyList<ApplicationForm> All =
    [
        new("switch-out", "IF_10710",
        [
            new("supplyPointId", "field.supplyPointId", FieldType.Text, true),
            new("switchDate", "field.switchOutDate", FieldType.Date, true),
            new("customerNumber", "field.customerNumber", FieldType.Text, false),
        ]),
        new("move-in", "IF_10410",
        [
            new("supplyPointId", "field.supplyPointId", FieldType.Text, true),
            new("startDate", "field.startDate", FieldType.Date, true),
            new("content.siteVisit.possible", "field.siteVisitPossible", FieldType.Checkbox, false),
            new("content.siteVisit.date", "field.siteVisitDate", FieldType.Date, false),
            new("content.siteVisit.time", "field.siteVisitTime", FieldType.Code, false, TimeBands),
            new("content.siteVisit.person", "field.siteVisitPerson", FieldType.Text, false),
            new("content.moveInTime", "field.moveInTime", FieldType.Code, true, TimeBands),
            new("content.serviceMenu", "field.serviceMenu", FieldType.Code, true, ["01", "02", "03", "04", "11", "12", "21"]),
            new("content.contractDecisionMethod", "field.contractDecisionMethod", FieldType.Code, true, ["1", "2", "3", "4"]),
            new("content.desiredAmperes", "field.amperes", FieldType.Select, false, ["10", "15", "20", "30", "40", "50", "60"]),
            new("content.tariffConsent", "field.tariffConsent", FieldType.Checkbox, true),
            new("content.customer.name", "field.name", FieldType.Text, true),
            new("content.customer.nameKana", "field.nameKana", FieldType.Text, false),
            new("content.customer.postalCode", "field.postalCode", FieldType.Text, false),
            new("content.customer.address", "field.address", FieldType.Text, true),
            new("content.customer.building", "field.building", FieldType.Text, false),
        ]),
        new("move-out", "IF_10510",
        [
            new("supplyPointId", "field.supplyPointId", FieldType.Text, true),
            new("endDate", "field.endDate", FieldType.Date, true),
            new("removeFacilities", "field.removeFacilities", FieldType.Checkbox, false),
            new("content.moveOutReason", "field.moveOutReason", FieldType.Code, true, ["01", "02", "03", "04", "99"]),
            new("content.buildingDemolition", "field.buildingDemolition", FieldType.Checkbox, false),
            new("content.demolitionDate", "field.demolitionDate", FieldType.Date, false),
        ]),
        new("customer-details", "IF_10810",
        [
            new("supplyPointId", "field.supplyPointId", FieldType.Text, true),
            new("customerNumber", "field.customerNumber", FieldType.Text, false),
            new("name", "field.name", FieldType.Text, false),
            new("nameKana", "field.nameKana", FieldType.Text, false),
            new("address", "field.address", FieldType.Text, false),
            new("phone", "field.phone", FieldType.Text, false),
            new("postalCode", "field.postalCode", FieldType.Text, false),
            new("building", "field.building", FieldType.Text, false),
        ]),
        new("ampere-change", "IF_10910",
        [
            new("supplyPointId", "field.supplyPointId", FieldType.Text, true),
            new("amperes", "field.amperes", FieldType.Select, true, ["10", "15", "20", "30", "40", "50", "60"]),
            new("changeDate", "field.changeDate", FieldType.Date, true),
        ]),
        new("usage-information", "IF_10210",
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

    /// <summary>
    /// Sends the form's <see cref="Body"/> as its application (a date that is not YYYY-MM-DD is sent as none, so the API
    /// names the field): the accepted application, or the usage grant of IF_10210.
    /// </summary>
    public async Task<object> SubmitAsync(RenkeiClient gateway, IReadOnlyDictionary<string, object?> body, string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(body);
        string? Text(string name) => body.TryGetValue(name, out var v) ? v as string : null;
        DateOnly? Date(string name) => DateText.TryParse(Text(name), out var d) ? d : null;
        int? Number(string name) => body.TryGetValue(name, out var v) ? v as int? : null;
        bool Check(string name) => body.TryGetValue(name, out var v) && v is true;
        return InterfaceId switch
        {
            "IF_10710" => await gateway.SwitchOutAsync(new SwitchOutRequest(Text("supplyPointId"), Date("switchDate"), Text("customerNumber")), idempotencyKey, cancellationToken).ConfigureAwait(false),
            "IF_10410" => await gateway.MoveInAsync(
                new MoveInRequest(Text("supplyPointId"), Date("startDate"), new ApplicationContent(
                    SiteVisit: new SiteVisit(Check("content.siteVisit.possible"), Date("content.siteVisit.date"), Text("content.siteVisit.time"), Text("content.siteVisit.person")),
                    MoveInTime: Text("content.moveInTime"),
                    ServiceMenu: Text("content.serviceMenu"),
                    ContractDecisionMethod: Text("content.contractDecisionMethod"),
                    DesiredAmperes: Number("content.desiredAmperes"),
                    TariffConsent: Check("content.tariffConsent"),
                    Customer: new NewCustomer(Text("content.customer.name"), Text("content.customer.nameKana"), Text("content.customer.postalCode"), Text("content.customer.address"), Text("content.customer.building"), null))),
                idempotencyKey,
                cancellationToken).ConfigureAwait(false),
            "IF_10510" => await gateway.MoveOutAsync(
                new MoveOutRequest(Text("supplyPointId"), Date("endDate"), Check("removeFacilities"), new ApplicationContent(
                    MoveOutReason: Text("content.moveOutReason"),
                    BuildingDemolition: Check("content.buildingDemolition") ? true : null,
                    DemolitionDate: Date("content.demolitionDate"))),
                idempotencyKey,
                cancellationToken).ConfigureAwait(false),
            "IF_10810" => await gateway.ChangeCustomerDetailsAsync(
                new CustomerDetailsRequest(Text("supplyPointId"), Text("customerNumber"), Text("name"), Text("nameKana"), Text("address"), Text("phone"), Text("postalCode"), Text("building")),
                idempotencyKey,
                cancellationToken).ConfigureAwait(false),
            "IF_10910" => await gateway.ChangeAmperesAsync(new AmpereChangeRequest(Text("supplyPointId"), Number("amperes"), Date("changeDate")), idempotencyKey, cancellationToken).ConfigureAwait(false),
            "IF_10210" => await gateway.ApplyForUsageInformationAsync(new UsageInformationRequest(Text("supplyPointId"), Text("password")), idempotencyKey, cancellationToken).ConfigureAwait(false),
            _ => throw new InvalidOperationException($"no request for {InterfaceId}"),
        };
    }
}
