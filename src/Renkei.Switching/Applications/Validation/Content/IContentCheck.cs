using Renkei.Switching.Applications.Validation.Characters;

namespace Renkei.Switching.Applications.Validation.Content;

/// <summary>A check whose request carries the market's application items (<see cref="ApplicationContent"/>).</summary>
internal interface IContentCheck
{
    /// <summary>The kind's interface ID (IF_10410 ...).</summary>
    string Kind { get; }

    ApplicationContent? Content { get; }

    PointFacts Facts { get; }

    DateOnly Today { get; }
}

/// <summary>The text items of an <see cref="ApplicationContent"/> for the character rules, with their MS932 lengths (docs/formats.md).</summary>
internal static class ContentItems
{
    public static IEnumerable<TextItem> Of(ApplicationContent? content)
    {
        if (content is null)
        {
            yield break;
        }

        if (content.Applicant is { } applicant)
        {
            yield return new("content.applicant.name", applicant.Name, "申込者氏名", ItemShape.Text, 80);
            foreach (var item in Phone("content.applicant.phone", "申込者電話番号", applicant.Phone))
            {
                yield return item;
            }
        }

        if (content.SiteVisit is { } visit)
        {
            yield return new("content.siteVisit.person", visit.Person, "立会者氏名", ItemShape.Text, 40);
        }

        yield return new("content.oldRetailerCode", content.OldRetailerCode, "旧小売事業者コード", ItemShape.ParticipantCode, 5);
        yield return new("content.oldCustomerNumber", content.OldCustomerNumber, "旧小売事業者お客様番号", ItemShape.Number, 21);
        if (content.Customer is { } customer)
        {
            yield return new("content.customer.name", customer.Name, "漢字氏名", ItemShape.Text, 80);
            yield return new("content.customer.nameKana", customer.NameKana, "カナ氏名", ItemShape.Kana, 80);
            yield return new("content.customer.postalCode", customer.PostalCode, "郵便番号", ItemShape.PostalCode, 8);
            yield return new("content.customer.address", customer.Address, "住所", ItemShape.Text, 400);
            yield return new("content.customer.building", customer.Building, "建物名", ItemShape.Text, 100);
            foreach (var item in Phone("content.customer.phone", "電話番号", customer.Phone))
            {
                yield return item;
            }
        }
    }

    private static IEnumerable<TextItem> Phone(string field, string nameJa, PhoneParts? phone)
    {
        if (phone is null)
        {
            yield break;
        }

        yield return new(field + ".areaCode", phone.AreaCode, nameJa + "（市外局番）", ItemShape.PhoneAreaCode, 5);
        yield return new(field + ".localCode", phone.LocalCode, nameJa + "（市内局番）", ItemShape.PhoneLocalCode, 4);
        yield return new(field + ".subscriber", phone.Subscriber, nameJa + "（加入者番号）", ItemShape.PhoneSubscriber, 4);
    }
}
