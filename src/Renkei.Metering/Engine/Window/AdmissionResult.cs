namespace Renkei.Metering.Engine.Window;

/// <summary>What became of a read at the window's door.</summary>
internal enum AdmissionResult
{
    Accepted,
    Duplicate,
    Rejected,
}
