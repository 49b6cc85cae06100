using Renkei.Switching.Applications.Validation;

namespace Renkei.Switching.Applications.IF_10810_CustomerDetails;

/// <summary>What the customer-details rules look at.</summary>
internal sealed class CustomerDetailsCheck : PointCheck
{
    public required CustomerDetailsRequest Request { get; init; }
}

/// <summary>The customer-details rules, in the order they are reported.</summary>
internal static class CustomerDetailsRules
{
    public static readonly IReadOnlyList<IRule<CustomerDetailsCheck>> All =
    [
        new SupplyPointIdFormatRule(),
        new AreaServedRule(),
        new CurrentRetailerRule(),
        new CustomerFieldsRule(),
    ];
}

/// <summary>SW019: customer number, name and address are given, and every item is within its length.</summary>
internal sealed class CustomerFieldsRule : RequiredTextRule<CustomerDetailsCheck>
{
    public const string ErrorCode = "SW019";

    public override string Code => ErrorCode;

    protected override IEnumerable<(string Field, string? Value, int Max, string NameJa, bool Required)> Items(CustomerDetailsCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        var r = check.Request;
        yield return ("customerNumber", r.CustomerNumber, 21, "お客様番号", true);
        yield return ("name", r.Name, 80, "漢字氏名", true);
        yield return ("nameKana", r.NameKana, 80, "カナ氏名", false);
        yield return ("address", r.Address, 400, "住所", true);
        yield return ("phone", r.Phone, 20, "電話番号", false);
    }
}
