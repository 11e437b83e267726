using Google.Protobuf;
using TradeNode.P2P.Protocol;

namespace TradeNode.P2P.Bundles;

/// <summary>
/// Bundle files: a serialized <see cref="Bundle"/> message. The writer puts the version field after the items
/// (protobuf allows any field order), and the reader requires it, so a file cut anywhere, even between two items,
/// is rejected as truncated.
/// </summary>
public static class BundleFile
{
    /// <summary>The largest bundle file read or written.</summary>
    public const int MaxBytes = 64 * 1024 * 1024;

    /// <summary>The bundle format version this node writes and reads.</summary>
    public const uint Version = 1;

    public static async Task WriteAsync(Stream stream, IEnumerable<SignedItem> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(items);
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer, leaveOpen: true);
        foreach (var item in items)
        {
            output.WriteTag(Bundle.ItemsFieldNumber, WireFormat.WireType.LengthDelimited);
            output.WriteMessage(item);
        }

        output.WriteTag(Bundle.VersionFieldNumber, WireFormat.WireType.Varint);
        output.WriteUInt32(Version);
        output.Flush();
        if (buffer.Length > MaxBytes)
        {
            throw new InvalidOperationException($"The bundle would be {buffer.Length} bytes, more than the {MaxBytes} a bundle may hold.");
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a bundle; throws <see cref="FormatException"/> for a truncated, oversized or garbage file.</summary>
    public static async Task<Bundle> ReadAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                throw new FormatException($"The bundle file is larger than the {MaxBytes} bytes a bundle may hold.");
            }

            buffer.Write(chunk, 0, read);
        }

        return Parse(buffer.ToArray());
    }

    /// <summary>Parses bundle bytes; throws <see cref="FormatException"/> for a truncated, oversized or garbage file.</summary>
    public static Bundle Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0)
        {
            throw new FormatException("The bundle file is empty.");
        }

        if (bytes.Length > MaxBytes)
        {
            throw new FormatException($"The bundle file is larger than the {MaxBytes} bytes a bundle may hold.");
        }

        Bundle bundle;
        try
        {
            bundle = Bundle.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new FormatException($"The file is not a bundle, or it is truncated: {e.Message}", e);
        }

        if (bundle.Version == 0)
        {
            throw new FormatException("The bundle has no version field at its end: the file is truncated or not a bundle.");
        }

        if (bundle.Version != Version)
        {
            throw new FormatException($"The bundle has version {bundle.Version}; this node reads version {Version}.");
        }

        return bundle;
    }
}
