namespace Renkei.Switching.Model;

/// <summary>
/// The market's items an application was filed with (申込者, 立会, 接続送電サービスメニュー, ...: the wire record
/// <c>ApplicationContent</c>), kept beside the application as its JSON (one row per application that has any): the
/// status poll shows them and the TSO's order carries them. Validated before they are stored (SW100–SW116).
/// </summary>
public sealed class ApplicationContentRecord
{
    /// <summary>The application's ID (also the key: one content per application).</summary>
    public long ApplicationId { get; set; }

    /// <summary>The items as the wire record's JSON (camelCase, nulls omitted).</summary>
    public string Json { get; set; } = string.Empty;
}
