using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Renkei.Domain;
using Renkei.Domain.Calendar;

namespace Renkei.Formats.Tests.Fuzz;

/// <summary>The holidays (calendar) file on outside bytes: a calendar, or <see cref="DomainFormatException"/> naming the line; memory bounded.</summary>
public sealed class CalendarFuzzTests
{
    private static readonly string[] Seeds =
    [
        "date,name\n2026-01-01,元日\n2026-01-12,成人の日\n2027-01-01,元日\n",
        "date,name\r\n2030-05-03,憲法記念日\r\n\r\n2030-05-04,みどりの日\r\n",
    ];

    [Property(MaxTest = Fuzz.Cases)]
    public Property HolidaysFile_AnyBytes_CalendarOrErrorNamingTheLine() =>
        Prop.ForAll(Fuzz.Inputs(Seeds, ["date,name", "2026-12-31,大晦日"]), input =>
        {
            var allocated = Fuzz.Allocated(() =>
            {
                try
                {
                    using var reader = new StreamReader(new MemoryStream(input.Bytes), Encoding.UTF8);
                    BusinessCalendar.Load(reader, [ClosingDays.YearEnd]);
                }
                catch (DomainFormatException e)
                {
                    Assert.StartsWith("holidays file line ", e.Message, StringComparison.Ordinal);
                }
            });

            Fuzz.AssertBounded(allocated, input);
        });
}
