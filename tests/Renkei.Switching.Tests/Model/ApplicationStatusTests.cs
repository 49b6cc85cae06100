using Renkei.Switching.Model;

namespace Renkei.Switching.Tests.Model;

public sealed class ApplicationStatusTests
{
    [Theory]
    [InlineData(ApplicationStatus.Received, ApplicationStatus.Matched)]
    [InlineData(ApplicationStatus.Received, ApplicationStatus.Withdrawn)]
    [InlineData(ApplicationStatus.Received, ApplicationStatus.ReturnedForCorrection)]
    [InlineData(ApplicationStatus.ReturnedForCorrection, ApplicationStatus.InProgress)]
    [InlineData(ApplicationStatus.Matched, ApplicationStatus.Completed)]
    [InlineData(ApplicationStatus.Received, ApplicationStatus.Completed)]
    [InlineData(ApplicationStatus.Received, ApplicationStatus.AtTso)]
    [InlineData(ApplicationStatus.AtTso, ApplicationStatus.Completed)]
    [InlineData(ApplicationStatus.AtTso, ApplicationStatus.Rejected)]
    public void Move_AllowedTransition_ChangesStatus(string from, string to)
    {
        var application = new Application { Kind = ApplicationKinds.SwitchIn, RetailerCode = "R0001", SupplyPointId = "0300000000000000000001", Status = from };

        ApplicationStatus.Move(application, to, DateTimeOffset.UnixEpoch);

        Assert.Equal(to, application.Status);
        Assert.Equal(DateTimeOffset.UnixEpoch, application.UpdatedAt);
    }

    [Theory]
    [InlineData(ApplicationStatus.Matched, ApplicationStatus.Withdrawn)]
    [InlineData(ApplicationStatus.Completed, ApplicationStatus.Rejected)]
    [InlineData(ApplicationStatus.Rejected, ApplicationStatus.Received)]
    [InlineData(ApplicationStatus.Received, ApplicationStatus.InProgress)]
    [InlineData(ApplicationStatus.Withdrawn, ApplicationStatus.Completed)]
    [InlineData(ApplicationStatus.AtTso, ApplicationStatus.Withdrawn)]
    public void Move_ForbiddenTransition_ThrowsAndKeepsStatus(string from, string to)
    {
        var application = new Application { Kind = ApplicationKinds.SwitchIn, RetailerCode = "R0001", SupplyPointId = "0300000000000000000001", Status = from };

        var error = Assert.Throws<InvalidOperationException>(() => ApplicationStatus.Move(application, to, DateTimeOffset.UnixEpoch));

        Assert.Equal(from, application.Status);
        Assert.Contains(ApplicationStatus.NameOf(to), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IsFinal_FinalStages_TrueOnlyForCompletedWithdrawnRejected()
    {
        string[] all = [ApplicationStatus.Received, ApplicationStatus.ReturnedForCorrection, ApplicationStatus.InProgress, ApplicationStatus.Matched, ApplicationStatus.AtTso, ApplicationStatus.Completed, ApplicationStatus.Withdrawn, ApplicationStatus.Rejected];

        Assert.Equal([ApplicationStatus.Completed, ApplicationStatus.Withdrawn, ApplicationStatus.Rejected], all.Where(ApplicationStatus.IsFinal).ToArray());
    }
}
