namespace Renkei.Switching.Applications.Validation.Characters;

/// <summary>
/// One text item of a request as the market's character rules see it: its field, its value, its Japanese name, the
/// shape it must have and its longest length in MS932 bytes (<see cref="Formats.Text.Ms932"/>), and whether the kind
/// requires it (an absent optional item is not checked).
/// </summary>
internal readonly record struct TextItem(string Field, string? Value, string NameJa, ItemShape Shape, int MaxBytes, bool Required = false)
{
    /// <summary>Whether the item has a value to check (absent and blank are both "not given").</summary>
    public bool Given => !string.IsNullOrWhiteSpace(Value);
}

/// <summary>The shape a text item must have (docs/formats.md, "The market's character rules").</summary>
internal enum ItemShape
{
    /// <summary>Any MS932 text (漢字氏名, 住所, 建物名, 立会者氏名 ...).</summary>
    Text,

    /// <summary>Full-width katakana, the full-width space and the long-vowel mark ー only (カナ氏名).</summary>
    Kana,

    /// <summary>郵便番号: seven digits, <c>NNNNNNN</c> or <c>NNN-NNNN</c>.</summary>
    PostalCode,

    /// <summary>市外局番: two to five digits starting with 0.</summary>
    PhoneAreaCode,

    /// <summary>市内局番: one to four digits.</summary>
    PhoneLocalCode,

    /// <summary>加入者番号: four digits.</summary>
    PhoneSubscriber,

    /// <summary>A whole phone number in one item: 10 or 11 digits starting with 0, hyphens allowed between them.</summary>
    PhoneNumber,

    /// <summary>A number a retailer gives (お客様番号, 契約番号): half-width letters, digits and hyphens.</summary>
    Number,

    /// <summary>A market participant code (小売事業者コード): five half-width upper-case letters or digits.</summary>
    ParticipantCode,
}

/// <summary>A check whose request has text items for the character rules.</summary>
internal interface ITextItems
{
    /// <summary>The request's text items, in the order their violations are reported.</summary>
    IEnumerable<TextItem> TextItems { get; }
}
