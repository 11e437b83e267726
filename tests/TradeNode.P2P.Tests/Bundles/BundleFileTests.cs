using Google.Protobuf;
using TradeNode.P2P.Bundles;
using TradeNode.P2P.Identity;
using TradeNode.P2P.Items;
using TradeNode.P2P.Protocol;

namespace TradeNode.P2P.Tests.Bundles;

public sealed class BundleFileTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly ItemBuilder _builder = new(ItemPolicy.Testing);

    private static async Task<byte[]> WriteAsync(IEnumerable<SignedItem> items)
    {
        using var stream = new MemoryStream();
        await BundleFile.WriteAsync(stream, items);
        return stream.ToArray();
    }

    [Fact]
    public async Task Bundle_round_trips_through_a_file()
    {
        var items = _builder.BuildMany(20, Now);
        var directory = Directory.CreateTempSubdirectory("tradenode-bundle-");
        try
        {
            var path = Path.Combine(directory.FullName, "market.bundle");
            await using (var file = File.Create(path))
            {
                await BundleFile.WriteAsync(file, items);
            }

            await using var read = File.OpenRead(path);
            var bundle = await BundleFile.ReadAsync(read);

            Assert.Equal(BundleFile.Version, bundle.Version);
            Assert.Equal(items, bundle.Items);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Empty_bundle_round_trips()
    {
        var bundle = BundleFile.Parse(await WriteAsync([]));

        Assert.Empty(bundle.Items);
    }

    [Fact]
    public async Task File_cut_at_any_length_is_rejected()
    {
        var bytes = await WriteAsync(_builder.BuildMany(3, Now));

        for (var length = 0; length < bytes.Length; length++)
        {
            var e = Assert.Throws<FormatException>(() => BundleFile.Parse(bytes.AsSpan(0, length)));
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
        }
    }

    [Fact]
    public async Task File_cut_between_items_is_rejected_as_truncated()
    {
        var items = _builder.BuildMany(3, Now);
        var all = await WriteAsync(items);
        var firstTwo = await WriteAsync(items.Take(2));
        var cut = all[..(firstTwo.Length - 2)]; // both items, without the trailing version field

        var e = Assert.Throws<FormatException>(() => BundleFile.Parse(cut));

        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Garbage_is_rejected_with_a_format_exception()
    {
        using var stream = new MemoryStream("this is not a bundle, it is text\n"u8.ToArray());

        await Assert.ThrowsAsync<FormatException>(() => BundleFile.ReadAsync(stream));
    }

    [Fact]
    public void Unknown_version_is_rejected()
    {
        var bytes = new Bundle { Version = 7 }.ToByteArray();

        var e = Assert.Throws<FormatException>(() => BundleFile.Parse(bytes));

        Assert.Contains("version 7", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Oversized_file_is_rejected()
    {
        using var stream = new ZeroStream(BundleFile.MaxBytes + 1);

        var e = await Assert.ThrowsAsync<FormatException>(() => BundleFile.ReadAsync(stream));

        Assert.Contains("larger", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fuzzed_files_throw_only_format_exceptions()
    {
        var random = new Random(4321);
        var good = await WriteAsync(_builder.BuildMany(4, Now));
        var parsed = 0;
        using var store = ItemStore.InMemory(ItemPolicy.Testing);
        var validator = new ItemValidator(ItemPolicy.Testing);
        for (var i = 0; i < 3000; i++)
        {
            byte[] bytes;
            if (i % 2 == 0)
            {
                bytes = new byte[random.Next(1, 300)];
                random.NextBytes(bytes);
            }
            else
            {
                bytes = (byte[])good.Clone();
                for (var flips = random.Next(1, 5); flips > 0; flips--)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }
            }

            Bundle bundle;
            try
            {
                bundle = BundleFile.Parse(bytes);
                parsed++;
            }
            catch (FormatException)
            {
                continue;
            }

            // Whatever parsed goes through the importer: only valid items may be stored.
            var result = BundleImporter.Import(store, bundle, Now);
            for (var j = 0; j < bundle.Items.Count; j++)
            {
                if (result.Results[j].IsStored)
                {
                    Assert.True(validator.Validate(bundle.Items[j], Now).IsValid);
                }
            }
        }

        Assert.True(parsed < 3000);
        Assert.True(store.Count >= 4, "the unmodified items of mutated bundles were stored");
    }

    private sealed class ZeroStream(long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            Array.Clear(buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
