using Renkei.Switching.Applications.IF_10510_MoveOut;
using Renkei.Switching.Applications.Validation;

namespace Renkei.Switching.Applications.IF_10810_CustomerDetails;

/// <summary>What the customer-details rules look at.</summary>
public sealed class CustomerDetailsCheck : PointCheck
{
    public required CustomerDetailsRequest Request { get; init; }
}

/// <summary>The customer-details rules, in the order they are reported.</summary>
public static class CustomerDetailsRules
{
    public static readonly IReadOnlyList<IRule<CustomerDetailsCheck>> All =
    [
        new SupplyPointIdFormatRule(),
        new AreaServedRule(),
        new MoveOutCurrentRetailerRule(),
        new CustomerFieldsRule(),
    ];
}

/// <summary>SW019: customer number, name and address are given and within their lengths.</summary>
public sealed class CustomerFieldsRule : IRule<CustomerDetailsCheck>
{
    public const string ErrorCode = "SW019";

    public string Code => ErrorCode;

    public IEnumerable<RuleViolation> Check(CustomerDetailsCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        var r = check.Request;
        foreach (var (field, value, max, required, ja) in new (string, string?, int, bool, string)[]
        {
            ("customerNumber", r.CustomerNumber, 21, true, "お客様番号"),
            ("name", r.Name, 80, true, "漢字氏名"),
            ("nameKana", r.NameKana, 80, false, "カナ氏名"),
            ("address", r.Address, 400, true, "住所"),
            ("phone", r.Phone, 20, false, "電話番号"),
        })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                if (required)
                {
                    yield return new RuleViolation(Code, field, $"{field} is required", $"{ja}は必須です");
                }
            }
            else if (value.Length > max)
            {
                yield return new RuleViolation(Code, field, $"{field} has {value.Length} characters; at most {max}", $"{ja}は{max}文字以内です");
            }
        }
    }
}
