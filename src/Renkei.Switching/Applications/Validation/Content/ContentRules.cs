using System.Globalization;
using Renkei.Switching.Model;

namespace Renkei.Switching.Applications.Validation.Content;

/// <summary>The rules of the market's application items (SW110–SW116), run on every kind that carries them.</summary>
internal static class ContentRules
{
    public static readonly IReadOnlyList<IRule<IContentCheck>> All =
    [
        new ContentAppliesRule(),
        new ContentRequiredRule(),
        new ContentCodeRule(),
        new TariffConsentRule(),
        new ContentDatesRule(),
        new DesiredAmperesRule(),
        new OldRetailerRule(),
    ];

    internal static string KindName(string kind) => kind switch
    {
        ApplicationKinds.SwitchIn => "a switch-in (IF_10610)",
        ApplicationKinds.SwitchOut => "a switch-out (IF_10710)",
        ApplicationKinds.MoveIn => "a move-in (IF_10410)",
        ApplicationKinds.MoveOut => "a move-out (IF_10510)",
        ApplicationKinds.CustomerDetails => "a customer-details change (IF_10810)",
        ApplicationKinds.AmpereChange => "an ampere change (IF_10910)",
        _ => kind,
    };

    internal static string KindNameJa(string kind) => kind switch
    {
        ApplicationKinds.SwitchIn => "スイッチング開始申込",
        ApplicationKinds.SwitchOut => "スイッチング廃止申込",
        ApplicationKinds.MoveIn => "再点申込",
        ApplicationKinds.MoveOut => "廃止・撤去申込",
        ApplicationKinds.CustomerDetails => "需要者情報変更申込",
        ApplicationKinds.AmpereChange => "アンペア変更申込",
        _ => kind,
    };

    internal static string NameJa(string item) => item switch
    {
        ContentParts.Applicant => "申込者",
        ContentParts.SiteVisit => "立会",
        ContentParts.DesiredWorkTime => "施工希望時刻",
        ContentParts.MoveInTime => "入居予定時刻",
        ContentParts.ServiceMenu => "接続送電サービスメニュー",
        ContentParts.ContractDecisionMethod => "契約決定方法",
        ContentParts.MoveOutReason => "廃止理由",
        ContentParts.BuildingDemolition => "建物解体有無",
        ContentParts.DemolitionDate => "解体予定日",
        ContentParts.DesiredAmperes => "契約電流希望",
        ContentParts.TariffConsent => "託送約款遵守承諾",
        ContentParts.ReadingDay => "検針日の選択",
        ContentParts.OldRetailerCode => "旧小売事業者コード",
        ContentParts.OldCustomerNumber => "旧小売事業者お客様番号",
        ContentParts.FacilityChange => "設備情報変更有無",
        ContentParts.RemovalDate => "設備撤去日",
        ContentParts.Customer => "需要者情報",
        _ => item,
    };
}

/// <summary>SW110: an item the kind does not use is refused, not silently dropped.</summary>
internal sealed class ContentAppliesRule : IRule<IContentCheck>
{
    public const string ErrorCode = "SW110";

    public string Code => ErrorCode;

    public IEnumerable<RuleViolation> Check(IContentCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (check.Content is not { } content)
        {
            yield break;
        }

        var allowed = ContentParts.Allowed(check.Kind);
        foreach (var item in ContentParts.Given(content))
        {
            if (!allowed.Contains(item))
            {
                yield return new RuleViolation(Code, "content." + item, $"content.{item} does not apply to {ContentRules.KindName(check.Kind)}", $"{ContentRules.NameJa(item)}は{ContentRules.KindNameJa(check.Kind)}では指定できません");
            }
        }
    }
}

/// <summary>
/// SW111: the items the kind requires are given (a move-in: site visit, move-in time, service menu, contract decision
/// method, wheeling-terms consent, customer; a move-out: its reason), and within an item its required parts
/// (申込者区分 and 氏名; 立会可否, and with a visit its date, time and person; the customer's name and address).
/// </summary>
internal sealed class ContentRequiredRule : IRule<IContentCheck>
{
    public const string ErrorCode = "SW111";

    public string Code => ErrorCode;

    public IEnumerable<RuleViolation> Check(IContentCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        var given = check.Content is { } c ? ContentParts.Given(c).ToHashSet(StringComparer.Ordinal) : [];
        foreach (var item in ContentParts.Required(check.Kind))
        {
            if (!given.Contains(item))
            {
                yield return Missing("content." + item, ContentRules.NameJa(item), $" for {ContentRules.KindName(check.Kind)}");
            }
        }

        if (check.Content is not { } content)
        {
            yield break;
        }

        if (content.Applicant is { } applicant)
        {
            if (applicant.Kind is null)
            {
                yield return Missing("content.applicant.kind", "申込者区分", string.Empty);
            }

            if (string.IsNullOrWhiteSpace(applicant.Name))
            {
                yield return Missing("content.applicant.name", "申込者氏名", string.Empty);
            }

            foreach (var part in MissingPhoneParts("content.applicant.phone", "申込者電話番号", applicant.Phone))
            {
                yield return part;
            }
        }

        if (content.SiteVisit is { } visit)
        {
            if (visit.Possible is null)
            {
                yield return Missing("content.siteVisit.possible", "立会可否", string.Empty);
            }
            else if (visit.Possible.Value)
            {
                if (visit.Date is null)
                {
                    yield return Missing("content.siteVisit.date", "立会希望日", " when someone will be present");
                }

                if (visit.Time is null)
                {
                    yield return Missing("content.siteVisit.time", "立会希望時刻", " when someone will be present");
                }

                if (string.IsNullOrWhiteSpace(visit.Person))
                {
                    yield return Missing("content.siteVisit.person", "立会者氏名", " when someone will be present");
                }
            }
        }

        if (content.Customer is { } customer)
        {
            if (string.IsNullOrWhiteSpace(customer.Name))
            {
                yield return Missing("content.customer.name", "漢字氏名", string.Empty);
            }

            if (string.IsNullOrWhiteSpace(customer.Address))
            {
                yield return Missing("content.customer.address", "住所", string.Empty);
            }

            foreach (var part in MissingPhoneParts("content.customer.phone", "電話番号", customer.Phone))
            {
                yield return part;
            }
        }
    }

    /// <summary>A phone, when given, has all three parts.</summary>
    private IEnumerable<RuleViolation> MissingPhoneParts(string field, string nameJa, PhoneParts? phone)
    {
        if (phone is null)
        {
            yield break;
        }

        (string Part, string Ja, string? Value)[] parts = [("areaCode", "市外局番", phone.AreaCode), ("localCode", "市内局番", phone.LocalCode), ("subscriber", "加入者番号", phone.Subscriber)];
        foreach (var (part, ja, value) in parts)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                yield return Missing($"{field}.{part}", $"{nameJa}（{ja}）", string.Empty);
            }
        }
    }

    private RuleViolation Missing(string field, string nameJa, string when) => new(Code, field, $"{field} is required{when}", $"{nameJa}は必須です");
}

/// <summary>
/// SW112: every code item is one of its codes (docs/formats.md), and the service menu matches the point's voltage
/// (01–04 low voltage; 11, 12 high; 21 extra high).
/// </summary>
internal sealed class ContentCodeRule : IRule<IContentCheck>
{
    public const string ErrorCode = "SW112";

    public string Code => ErrorCode;

    private static readonly string[] TimeBands = ["1", "2", "9"];

    public IEnumerable<RuleViolation> Check(IContentCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (check.Content is not { } c)
        {
            yield break;
        }

        (string Field, string NameJa, string? Value, string[] Codes)[] items =
        [
            ("content.applicant.kind", "申込者区分", c.Applicant?.Kind, ["1", "2", "3"]),
            ("content.siteVisit.time", "立会希望時刻", c.SiteVisit?.Time, TimeBands),
            ("content.desiredWorkTime", "施工希望時刻", c.DesiredWorkTime, TimeBands),
            ("content.moveInTime", "入居予定時刻", c.MoveInTime, TimeBands),
            ("content.serviceMenu", "接続送電サービスメニュー", c.ServiceMenu, ["01", "02", "03", "04", "11", "12", "21"]),
            ("content.contractDecisionMethod", "契約決定方法", c.ContractDecisionMethod, ["1", "2", "3", "4"]),
            ("content.moveOutReason", "廃止理由", c.MoveOutReason, ["01", "02", "03", "04", "99"]),
            ("content.readingDay", "検針日の選択", c.ReadingDay, ["1", "2"]),
        ];
        foreach (var (field, ja, value, codes) in items)
        {
            if (value is not null && Array.IndexOf(codes, value) < 0)
            {
                yield return new RuleViolation(Code, field, $"{field} '{Formats.Text.Echo.Prefix(value)}' is not one of {string.Join(", ", codes)}", $"{ja}のコードが正しくありません（{string.Join("、", codes)}）");
            }
        }

        if (c.ServiceMenu is { } menu && check.Facts.Point is { } point && Array.IndexOf(items[4].Codes, menu) >= 0 && (menu[0] == '0') != (point.VoltageClass == VoltageClasses.Low))
        {
            yield return new RuleViolation(Code, "content.serviceMenu", $"service menu {menu} is not one of the point's voltage ({point.VoltageClass})", "接続送電サービスメニューが供給地点の電圧区分と一致しません");
        }
    }
}

/// <summary>SW113: 託送約款遵守承諾, when given (a move-in requires it), is true: no application goes to a TSO without it.</summary>
internal sealed class TariffConsentRule : IRule<IContentCheck>
{
    public const string ErrorCode = "SW113";

    public string Code => ErrorCode;

    public IEnumerable<RuleViolation> Check(IContentCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (check.Content?.TariffConsent == false)
        {
            yield return new RuleViolation(Code, "content.tariffConsent", "tariffConsent must be true: the TSO's wheeling terms must be accepted", "託送供給等約款の遵守に承諾してください");
        }
    }
}

/// <summary>
/// SW114: the site visit's date is not in the past; a demolition date is given exactly when the building is
/// demolished (and not in the past); the move-out reason 02 (建物解体) says the building is demolished.
/// </summary>
internal sealed class ContentDatesRule : IRule<IContentCheck>
{
    public const string ErrorCode = "SW114";

    public string Code => ErrorCode;

    public IEnumerable<RuleViolation> Check(IContentCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (check.Content is not { } c)
        {
            yield break;
        }

        if (c.SiteVisit?.Date is { } visit && visit < check.Today)
        {
            yield return Past("content.siteVisit.date", "立会希望日", visit, check.Today);
        }

        var demolished = c.BuildingDemolition == true || c.MoveOutReason == "02";
        if (c.MoveOutReason == "02" && c.BuildingDemolition == false)
        {
            yield return new RuleViolation(Code, "content.buildingDemolition", "moveOutReason 02 (建物解体) needs buildingDemolition true", "廃止理由が建物解体の場合は建物解体有無を「有」にしてください");
        }

        if (demolished && c.DemolitionDate is null)
        {
            yield return new RuleViolation(Code, "content.demolitionDate", "demolitionDate is required when the building is demolished", "建物解体の場合は解体予定日が必須です");
        }
        else if (!demolished && c.DemolitionDate is not null)
        {
            yield return new RuleViolation(Code, "content.demolitionDate", "demolitionDate is given only when the building is demolished (buildingDemolition true)", "解体予定日は建物解体「有」の場合のみ指定できます");
        }
        else if (c.DemolitionDate is { } date && date < check.Today)
        {
            yield return Past("content.demolitionDate", "解体予定日", date, check.Today);
        }

        if (c.RemovalDate is { } removal && removal < check.Today)
        {
            yield return Past("content.removalDate", "設備撤去日", removal, check.Today);
        }
    }

    private RuleViolation Past(string field, string nameJa, DateOnly date, DateOnly today) => new(
        Code,
        field,
        string.Create(CultureInfo.InvariantCulture, $"{field} {date:yyyy-MM-dd} is before today {today:yyyy-MM-dd}"),
        $"{nameJa}は本日以降を指定してください");
}

/// <summary>
/// SW115: 契約電流希望 goes with contract decision method 1 (契約電流) at a low-voltage point: required with it, a
/// standard current (10–60 A), and refused with another method.
/// </summary>
internal sealed class DesiredAmperesRule : IRule<IContentCheck>
{
    public const string ErrorCode = "SW115";

    public string Code => ErrorCode;

    public IEnumerable<RuleViolation> Check(IContentCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (check.Content is not { } c)
        {
            yield break;
        }

        if (c.ContractDecisionMethod == "1" && c.DesiredAmperes is null)
        {
            yield return new RuleViolation(Code, "content.desiredAmperes", "desiredAmperes is required with contract decision method 1 (契約電流)", "契約決定方法が契約電流の場合は契約電流希望が必須です");
        }
        else if (c.DesiredAmperes is { } amperes)
        {
            if (c.ContractDecisionMethod is not (null or "1"))
            {
                yield return new RuleViolation(Code, "content.desiredAmperes", "desiredAmperes goes only with contract decision method 1 (契約電流)", "契約電流希望は契約決定方法が契約電流の場合のみ指定できます");
            }
            else if (!ContractCurrents.Standard.Contains(amperes))
            {
                yield return new RuleViolation(Code, "content.desiredAmperes", string.Create(CultureInfo.InvariantCulture, $"{amperes} A is not a standard contract current (10, 15, 20, 30, 40, 50, 60)"), "契約電流希望は10・15・20・30・40・50・60Aのいずれかです");
            }
            else if (check.Facts.Point is { VoltageClass: not VoltageClasses.Low })
            {
                yield return new RuleViolation(Code, "content.desiredAmperes", "desiredAmperes applies to low-voltage points only", "契約電流希望は低圧の供給地点のみ指定できます");
            }
        }
    }
}

/// <summary>
/// SW116: 旧小売事業者コード, when given, is the point's current retailer (the one a switch-in takes the point from);
/// 旧小売事業者お客様番号 goes with it.
/// </summary>
internal sealed class OldRetailerRule : IRule<IContentCheck>
{
    public const string ErrorCode = "SW116";

    public string Code => ErrorCode;

    public IEnumerable<RuleViolation> Check(IContentCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (check.Content is not { } c)
        {
            yield break;
        }

        if (c.OldRetailerCode is { } old && check.Facts.OpenContract is { } open && !string.Equals(old, open.RetailerCode, StringComparison.Ordinal))
        {
            yield return new RuleViolation(Code, "content.oldRetailerCode", "oldRetailerCode is not the point's current retailer", "旧小売事業者コードが現在の小売事業者と一致しません");
        }

        if (c.OldCustomerNumber is not null && c.OldRetailerCode is null)
        {
            yield return new RuleViolation(Code, "content.oldRetailerCode", "oldRetailerCode is required with oldCustomerNumber", "旧小売事業者お客様番号を指定する場合は旧小売事業者コードが必須です");
        }
    }
}
