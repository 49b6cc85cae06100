using Renkei.Formats.Switching;
using Renkei.Switching.Applications.IF_10210_UsageInformation;

namespace Renkei.Switching.Tests.Applications.IF_10210_UsageInformation;

/// <summary>IF_10210's attachment rules (SW130–SW134), one test per rule and case, over attachments built in memory.</summary>
public sealed class AttachmentRulesTests
{
    internal static readonly byte[] Pdf = [.. "%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n<<>>\nendobj\n%%EOF\n"u8];
    internal static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R'];
    internal static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0];
    internal static readonly byte[] Gif = [.. "GIF89a"u8, 1, 0, 1, 0, 0, 0, 0];

    private static List<RuleViolation> Check(params AttachmentUpload[] uploads) => AttachmentRules.Evaluate(AttachmentCheck.Of(uploads));

    private static AttachmentUpload File(string name, byte[] bytes) => new(name, Convert.ToBase64String(bytes));

    [Fact]
    public void FourTypes_AcceptedAndToldFromTheirBytes()
    {
        var check = AttachmentCheck.Of([File("a.pdf", Pdf), File("b.png", Png), File("c.jpg", Jpeg), File("d.gif", Gif)]);

        Assert.Empty(AttachmentRules.Evaluate(check));
        Assert.Equal([AttachmentTypes.Pdf, AttachmentTypes.Png, AttachmentTypes.Jpeg, AttachmentTypes.Gif], check.Attachments.Select(a => a.ContentType));
    }

    [Fact]
    public void NameSaysPdf_BytesAreText_SW134NamingTheAttachment()
    {
        var errors = Check(File("ok.pdf", Pdf), File("consent.pdf", "just text, not a PDF"u8.ToArray()));

        var error = Assert.Single(errors);
        Assert.Equal((AttachmentTypeRule.ErrorCode, "attachments[1].content"), (error.Code, error.Field));
        Assert.Contains("attachment 2 (consent.pdf)", error.Message, StringComparison.Ordinal);
        Assert.Contains("添付ファイル2（consent.pdf）", error.MessageJa, StringComparison.Ordinal);
    }

    [Fact]
    public void PngBytesNamedPdf_StoredAsWhatTheBytesAre()
    {
        var check = AttachmentCheck.Of([File("scan.pdf", Png)]);

        Assert.Empty(AttachmentRules.Evaluate(check));
        Assert.Equal(AttachmentTypes.Png, Assert.Single(check.Attachments).ContentType);
    }

    [Fact]
    public void HtmlFile_SW134()
    {
        var error = Assert.Single(Check(File("page.gif", "<html><script>alert(1)</script></html>"u8.ToArray())));

        Assert.Equal(AttachmentTypeRule.ErrorCode, error.Code);
    }

    [Fact]
    public void OneByteOver1MiB_SW133_Exactly1MiB_Accepted()
    {
        var exactly = new byte[AttachmentCheck.MaxBytes];
        var over = new byte[AttachmentCheck.MaxBytes + 1];
        Pdf.CopyTo(exactly, 0);
        Pdf.CopyTo(over, 0);

        var errors = Check(File("exact.pdf", exactly), File("over.pdf", over));

        var error = Assert.Single(errors);
        Assert.Equal((AttachmentSizeRule.ErrorCode, "attachments[1].content"), (error.Code, error.Field));
        Assert.Contains("attachment 2 (over.pdf)", error.Message, StringComparison.Ordinal);
        Assert.Contains("1MiB", error.MessageJa, StringComparison.Ordinal);
    }

    [Fact]
    public void HugeBase64_RefusedWithoutDecoding_SW133()
    {
        var error = Assert.Single(Check(new AttachmentUpload("big.pdf", new string('A', 8 * 1024 * 1024))));

        Assert.Equal(AttachmentSizeRule.ErrorCode, error.Code);
    }

    [Fact]
    public void Name101Characters_SW131_100Accepted()
    {
        var errors = Check(File(new string('あ', 96) + ".pdf", Pdf), File(new string('a', 97) + ".pdf", Pdf));

        var error = Assert.Single(errors);
        Assert.Equal((AttachmentNameRule.ErrorCode, "attachments[1].fileName"), (error.Code, error.Field));
        Assert.Contains("101 characters; at most 100", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    [InlineData("../etc/passwd")]
    [InlineData("C:\\scan.pdf")]
    [InlineData("a\u0001.pdf")]
    public void NameMissingOrAPath_SW131(string? name)
    {
        var error = Assert.Single(Check(new AttachmentUpload(name, Convert.ToBase64String(Pdf))));

        Assert.Equal((AttachmentNameRule.ErrorCode, "attachments[0].fileName"), (error.Code, error.Field));
    }

    [Theory]
    [InlineData(null, "the content is missing")]
    [InlineData("", "the content is missing")]
    [InlineData("not base64!", "the content is not base64")]
    public void ContentMissingOrNotBase64_SW132(string? content, string why)
    {
        var error = Assert.Single(Check(new AttachmentUpload("a.pdf", content)));

        Assert.Equal((AttachmentContentRule.ErrorCode, "attachments[0].content"), (error.Code, error.Field));
        Assert.Equal($"attachment 1 (a.pdf): {why}", error.Message);
    }

    [Fact]
    public void SixAttachments_SW130()
    {
        var errors = Check([.. Enumerable.Range(1, 6).Select(i => File($"{i}.pdf", Pdf))]);

        var error = Assert.Single(errors);
        Assert.Equal((AttachmentCountRule.ErrorCode, "attachments"), (error.Code, error.Field));
        Assert.Equal("6 attachments; at most 5", error.Message);
    }

    [Fact]
    public void EveryFaultOfEveryAttachment_ReportedAtOnce()
    {
        var errors = Check(new AttachmentUpload(null, "%%%"), File("x.txt", "text"u8.ToArray()));

        Assert.Equal(
            [(AttachmentNameRule.ErrorCode, "attachments[0].fileName"), (AttachmentContentRule.ErrorCode, "attachments[0].content"), (AttachmentTypeRule.ErrorCode, "attachments[1].content")],
            errors.Select(e => (e.Code, e.Field)));
    }
}
