namespace Renkei.Switching.Tests.Support;

/// <summary>The market's items of complete applications (what a move-in and a move-out require), as records and as JSON.</summary>
public static class Contents
{
    /// <summary>A move-in's items: the site visit, the move-in time, the service menu, 40 A, the consent and the customer.</summary>
    public static readonly ApplicationContent MoveIn = new(
        Applicant: new Applicant("2", "新電力 担当", new PhoneParts("03", "1234", "5678")),
        SiteVisit: new SiteVisit(true, new DateOnly(2026, 12, 1), "1", "山田 太郎", ContactBeforeVisit: true),
        MoveInTime: "1",
        ServiceMenu: "01",
        ContractDecisionMethod: "1",
        DesiredAmperes: 40,
        TariffConsent: true,
        ReadingDay: "1",
        Customer: new NewCustomer("山田 太郎", "ヤマダ　タロウ", "100-0005", "東京都千代田区丸の内1-1", "丸の内ビル 101", new PhoneParts("03", "1234", "5678")));

    /// <summary>A move-out's items: the reason 01 (転居).</summary>
    public static readonly ApplicationContent MoveOut = new(MoveOutReason: "01");

    /// <summary><see cref="MoveIn"/> as the JSON member a request carries.</summary>
    public const string MoveInJson =
        """
        "content":{"siteVisit":{"possible":true,"date":"2026-12-01","time":"1","person":"山田 太郎"},"moveInTime":"1","serviceMenu":"01","contractDecisionMethod":"1","desiredAmperes":40,"tariffConsent":true,"customer":{"name":"山田 太郎","address":"東京都千代田区丸の内1-1"}}
        """;

    /// <summary><see cref="MoveOut"/> as the JSON member a request carries.</summary>
    public const string MoveOutJson = "\"content\":{\"moveOutReason\":\"01\"}";
}
