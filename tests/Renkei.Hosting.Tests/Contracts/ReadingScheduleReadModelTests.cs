using Renkei.Hosting.Contracts;

namespace Renkei.Hosting.Tests.Contracts;

public sealed class ReadingScheduleReadModelTests : IDisposable
{
    private readonly ReadingScheduleReadModel model = new();

    public void Dispose() => model.Dispose();

    [Fact]
    public void Day_PerAreaCodeAndMonth()
    {
        model.Apply(
            [
                new ReadingScheduleFeedItem(1, "03", "05", "2026-11", new DateOnly(2026, 11, 9)),
                new ReadingScheduleFeedItem(2, "04", "05", "202611", new DateOnly(2026, 11, 6)),
            ],
            2);

        Assert.True(model.TryReadingDate("03", "05", 2026, 11, out var tokyo));
        Assert.True(model.TryReadingDate("04", "05", 2026, 11, out var chubu));
        Assert.Equal((new DateOnly(2026, 11, 9), new DateOnly(2026, 11, 6)), (tokyo, chubu));
        Assert.False(model.TryReadingDate("03", "05", 2026, 12, out _));
        Assert.False(model.TryReadingDate("03", "06", 2026, 11, out _));
        Assert.Equal(2, model.Cursor);
    }

    [Fact]
    public void LaterItem_ReplacesTheDay_AndTheReadingDaysMoveWithIt()
    {
        model.Apply([new ReadingScheduleFeedItem(1, "03", "05", "2026-11", new DateOnly(2026, 11, 9))], 1);
        model.Apply([new ReadingScheduleFeedItem(2, "03", "05", "2026-11", new DateOnly(2026, 11, 10))], 2);

        Assert.True(model.TryReadingDate("03", "05", 2026, 11, out var day));
        Assert.Equal(new DateOnly(2026, 11, 10), day);
        Assert.False(model.AnyReadingOn(new DateOnly(2026, 11, 9)));
        Assert.True(model.AnyReadingOn(new DateOnly(2026, 11, 10)));
    }

    [Theory]
    [InlineData("3", "05", "2026-11", "area")]
    [InlineData("11", "05", "2026-11", "area")]
    [InlineData("03", " ", "2026-11", "scheduleCode")]
    [InlineData("03", "05", "2026-13", "yearMonth")]
    [InlineData("03", "05", "Nov 2026", "yearMonth")]
    public void BadItem_PageRefusedNamingTheItemAndField_NothingApplied(string area, string code, string month, string field)
    {
        var e = Assert.Throws<FormatException>(() => model.Apply(
            [
                new ReadingScheduleFeedItem(1, "03", "05", "2026-11", new DateOnly(2026, 11, 9)),
                new ReadingScheduleFeedItem(2, area, code, month, new DateOnly(2026, 11, 9)),
            ],
            2));

        Assert.Contains("item 2", e.Message, StringComparison.Ordinal);
        Assert.Contains(field, e.Message, StringComparison.Ordinal);
        Assert.False(model.TryReadingDate("03", "05", 2026, 11, out _));
        Assert.Equal(0, model.Cursor);
    }
}
