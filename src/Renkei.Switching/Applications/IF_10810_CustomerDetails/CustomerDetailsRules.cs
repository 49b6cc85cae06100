using Renkei.Switching.Applications.Validation;
using Renkei.Switching.Applications.Validation.Characters;
using Renkei.Switching.Applications.Validation.Content;
using Renkei.Switching.Applications.Validation.Envelope;
using Renkei.Switching.Model;

namespace Renkei.Switching.Applications.IF_10810_CustomerDetails;

/// <summary>What the customer-details rules look at.</summary>
internal sealed class CustomerDetailsCheck : PointCheck, ITextItems, IContentCheck, IEnvelopeCheck
{
    public string Kind => ApplicationKinds.CustomerDetails;

    public ApplicationContent? Content => Request.Content;

    public RequestEnvelope? Envelope => Request.Envelope;

    public required CustomerDetailsRequest Request { get; init; }

    public IEnumerable<TextItem> TextItems
    {
        get
        {
            var r = Request;
            yield return new("customerNumber", r.CustomerNumber, "お客様番号", ItemShape.Number, 21, Required: true);
            yield return new("name", r.Name, "漢字氏名", ItemShape.Text, 80, Required: true);
            yield return new("nameKana", r.NameKana, "カナ氏名", ItemShape.Kana, 80);
            yield return new("address", r.Address, "住所", ItemShape.Text, 400, Required: true);
            yield return new("phone", r.Phone, "電話番号", ItemShape.PhoneNumber, 13);
            yield return new("postalCode", r.PostalCode, "郵便番号", ItemShape.PostalCode, 8);
            yield return new("building", r.Building, "建物名", ItemShape.Text, 100);

            foreach (var item in ContentItems.Of(Request.Content))
            {
                yield return item;
            }
        }
    }
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
        .. EnvelopeRules.All,
        .. ContentRules.All,
        .. CharacterRules.All,
    ];
}

/// <summary>SW019: customer number, name and address are given (their lengths and characters: <see cref="CharacterRules"/>).</summary>
internal sealed class CustomerFieldsRule : RequiredTextRule<CustomerDetailsCheck>
{
    public const string ErrorCode = "SW019";

    public override string Code => ErrorCode;
}
