namespace Renkei.Domain.Identifiers;

/// <summary>
/// 供給区域: the ten general transmission and distribution areas, numbered as the first two
/// digits of a supply point ID.
/// </summary>
public enum TsoArea
{
    Hokkaido = 1,
    Tohoku = 2,
    Tokyo = 3,
    Chubu = 4,
    Hokuriku = 5,
    Kansai = 6,
    Chugoku = 7,
    Shikoku = 8,
    Kyushu = 9,
    Okinawa = 10,
}
