namespace Renkei.Web.Localization;

/// <summary>The two languages of the screens: Japanese (default) and English.</summary>
internal enum Lang
{
    Ja,
    En,
}
