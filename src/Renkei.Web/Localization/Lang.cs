namespace Renkei.Web.Localization;

/// <summary>The two languages of the screens: Japanese (default) and English.</summary>
public enum Lang
{
    Ja,
    En,
}
