using System.Buffers;

namespace Renkei.Metering.Provision;

/// <summary>
/// A write-only <see cref="Stream"/> that copies into an <see cref="IBufferWriter{T}"/> (a pipe) and never flushes
/// it, so an <see cref="System.Xml.XmlWriter"/> can write synchronously into the response body's pipe; the
/// exporter sends with an awaited <c>FlushAsync</c> of the pipe itself.
/// </summary>
internal sealed class BufferWriterStream(IBufferWriter<byte> output) : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(ReadOnlySpan<byte> buffer) => output.Write(buffer);

    public override void Write(byte[] buffer, int offset, int count) => output.Write(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
