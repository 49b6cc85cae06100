using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
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

    /// <summary>A select of yes, no or nothing (立会可否: "no one can be present" is an answer, an unticked box is not).</summary>
    YesNo,
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

    // 申込者 (every kind), 立会 and 施工希望時刻 (the kinds with work at the site): the same inputs on each form.
    private static readonly FormField[] ApplicantFields =
    [
        new("content.applicant.kind", "field.applicantKind", FieldType.Code, false, ["1", "2", "3"]),
        new("content.applicant.name", "field.applicantName", FieldType.Text, false),
        new("content.applicant.phone.areaCode", "field.applicantPhoneArea", FieldType.Text, false),
        new("content.applicant.phone.localCode", "field.applicantPhoneLocal", FieldType.Text, false),
        new("content.applicant.phone.subscriber", "field.applicantPhoneSubscriber", FieldType.Text, false),
    ];

    private static readonly FormField[] SiteVisitFields =
    [
        new("content.siteVisit.possible", "field.siteVisitPossible", FieldType.YesNo, false),
        new("content.siteVisit.date", "field.siteVisitDate", FieldType.Date, false),
        new("content.siteVisit.time", "field.siteVisitTime", FieldType.Code, false, TimeBands),
        new("content.siteVisit.person", "field.siteVisitPerson", FieldType.Text, false),
        new("content.siteVisit.contactBeforeVisit", "field.contactBeforeVisit", FieldType.YesNo, false),
        new("content.desiredWorkTime", "field.desiredWorkTime", FieldType.Code, false, TimeBands),
    ];

    private static readonly string[] Amperes = ["10", "15", "20", "30", "40", "50", "60"];

    public static readonly IReadOnlyList<ApplicationForm> All =
    [
        new("switch-out", "IF_10710",
        [
            new("supplyPointId", "field.supplyPointId", FieldType.Text, true),
            new("switchDate", "field.switchOutDate", FieldType.Date, true),
            new("customerNumber", "field.customerNumber", FieldType.Text, false),
            .. ApplicantFields,
        ]),
        new("move-in", "IF_10410",
        [
            new("supplyPointId", "field.supplyPointId", FieldType.Text, true),
            new("startDate", "field.startDate", FieldType.Date, true),
            new("content.moveInTime", "field.moveInTime", FieldType.Code, true, TimeBands),
            new("content.serviceMenu", "field.serviceMenu", FieldType.Code, true, ["01", "02", "03", "04", "11", "12", "21"]),
            new("content.contractDecisionMethod", "field.contractDecisionMethod", FieldType.Code, true, ["1", "2", "3", "4"]),
            new("content.desiredAmperes", "field.amperes", FieldType.Select, false, Amperes),
            new("content.readingDay", "field.readingDay", FieldType.Code, false, ["1", "2"]),
            new("content.tariffConsent", "field.tariffConsent", FieldType.Checkbox, true),
            .. SiteVisitFields,
            new("content.customer.name", "field.name", FieldType.Text, true),
            new("content.customer.nameKana", "field.nameKana", FieldType.Text, false),
            new("content.customer.postalCode", "field.postalCode", FieldType.Text, false),
            new("content.customer.address", "field.address", FieldType.Text, true),
            new("content.customer.building", "field.building", FieldType.Text, false),
            new("content.customer.phone.areaCode", "field.phoneArea", FieldType.Text, false),
            new("content.customer.phone.localCode", "field.phoneLocal", FieldType.Text, false),
            new("content.customer.phone.subscriber", "field.phoneSubscriber", FieldType.Text, false),
            .. ApplicantFields,
        ]),
        new("move-out", "IF_10510",
        [
            new("supplyPointId", "field.supplyPointId", FieldType.Text, true),
            new("endDate", "field.endDate", FieldType.Date, true),
            new("content.moveOutReason", "field.moveOutReason", FieldType.Code, true, ["01", "02", "03", "04", "99"]),
            new("removeFacilities", "field.removeFacilities", FieldType.Checkbox, false),
            new("content.removalDate", "field.removalDate", FieldType.Date, false),
            new("content.buildingDemolition", "field.buildingDemolition", FieldType.Checkbox, false),
            new("content.demolitionDate", "field.demolitionDate", FieldType.Date, false),
            .. SiteVisitFields,
            .. ApplicantFields,
        ]),
        new("customer-details", "IF_10810",
        [
            new("supplyPointId", "field.supplyPointId", FieldType.Text, true),
            new("customerNumber", "field.customerNumber", FieldType.Text, true),
            new("name", "field.name", FieldType.Text, true),
            new("nameKana", "field.nameKana", FieldType.Text, false),
            new("postalCode", "field.postalCode", FieldType.Text, false),
            new("address", "field.address", FieldType.Text, true),
            new("building", "field.building", FieldType.Text, false),
            new("phone", "field.phone", FieldType.Text, false),
            .. ApplicantFields,
        ]),
        new("ampere-change", "IF_10910",
        [
            new("supplyPointId", "field.supplyPointId", FieldType.Text, true),
            new("amperes", "field.amperes", FieldType.Select, true, Amperes),
            new("changeDate", "field.changeDate", FieldType.Date, true),
            .. SiteVisitFields,
            .. ApplicantFields,
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
                FieldType.YesNo => v switch { "true" => true, "false" => false, _ => null },
                FieldType.Number or FieldType.Select => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null,
                _ => string.IsNullOrEmpty(v) ? null : v,
            };
        }

        return body;
    }

    /// <summary>
    /// Sends the form's <see cref="Body"/> as its application: the dotted names become the request's nested items
    /// (<c>content.siteVisit.date</c>), empty ones and unticked content boxes are left out (the API says which are
    /// required), and a date that is not YYYY-MM-DD is sent as none, so the API names the field. Answers the accepted
    /// application, or the usage grant of IF_10210.
    /// </summary>
    public async Task<object> SubmitAsync(RenkeiClient gateway, IReadOnlyDictionary<string, object?> body, string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(body);
        var json = Nest(body);
        return InterfaceId switch
        {
            "IF_10710" => await gateway.SwitchOutAsync(Request<SwitchOutRequest>(json), idempotencyKey, cancellationToken).ConfigureAwait(false),
            "IF_10410" => await gateway.MoveInAsync(Request<MoveInRequest>(json), idempotencyKey, cancellationToken).ConfigureAwait(false),
            "IF_10510" => await gateway.MoveOutAsync(Request<MoveOutRequest>(json), idempotencyKey, cancellationToken).ConfigureAwait(false),
            "IF_10810" => await gateway.ChangeCustomerDetailsAsync(Request<CustomerDetailsRequest>(json), idempotencyKey, cancellationToken).ConfigureAwait(false),
            "IF_10910" => await gateway.ChangeAmperesAsync(Request<AmpereChangeRequest>(json), idempotencyKey, cancellationToken).ConfigureAwait(false),
            "IF_10210" => await gateway.ApplyForUsageInformationAsync(Request<UsageInformationRequest>(json), idempotencyKey, cancellationToken).ConfigureAwait(false),
            _ => throw new InvalidOperationException($"no request for {InterfaceId}"),
        };
    }

    private static T Request<T>(JsonObject json) => json.Deserialize<T>(JsonSerializerOptions.Web)!;

    /// <summary>The flat body as nested JSON, without empty items, unticked content boxes or objects left empty.</summary>
    private JsonObject Nest(IReadOnlyDictionary<string, object?> body)
    {
        var root = new JsonObject();
        foreach (var f in Fields)
        {
            var value = body.TryGetValue(f.Name, out var v) ? v : null;
            if (f.Type == FieldType.Date && (value is not string text || !DateText.TryParse(text, out _)))
            {
                value = null;
            }

            var path = f.Name.Split('.');
            if (value is null || (value is false && f.Type == FieldType.Checkbox && path.Length > 1))
            {
                continue;
            }

            var node = root;
            foreach (var part in path[..^1])
            {
                node = node[part] as JsonObject ?? (JsonObject)(node[part] = new JsonObject());
            }

            node[path[^1]] = value switch
            {
                bool b => JsonValue.Create(b),
                int n => JsonValue.Create(n),
                _ => JsonValue.Create(value.ToString()),
            };
        }

        return root;
    }
}
