using TradeNode.Bitcoin.Scripting;

namespace TradeNode.Bitcoin.Tests.Scripting;

public class LockTimeScriptsTests
{
    private static readonly Script Tail = Script.Parse("OP_DUP OP_HASH160 0x14 0x751e76e8199196d454941c45d1b3a323f1433bd6 OP_EQUALVERIFY OP_CHECKSIG");

    [Theory]
    [InlineData(0, "00")]
    [InlineData(16, "60")]
    [InlineData(17, "0111")]
    [InlineData(0x80, "028000")]
    [InlineData(500_000, "0320a107")]
    [InlineData(1_700_000_000, "0400f15365")]
    [InlineData(4_294_967_295, "05ffffffff00")]
    public void Cltv_pushes_the_locktime_minimally_before_the_verify_and_drop(long lockTime, string pushHex)
    {
        var script = LockTimeScripts.CheckLockTimeVerify(lockTime, Tail);

        Assert.Equal(pushHex + "b175" + Tail.ToHex(), script.ToHex());
        Assert.True(LockTimeScripts.TryParseCheckLockTimeVerify(script, out var parsed, out var rest));
        Assert.Equal(lockTime, parsed);
        Assert.Equal(Tail, rest);
        Assert.False(LockTimeScripts.TryParseCheckSequenceVerify(script, out _, out _));
    }

    [Fact]
    public void Csv_uses_op_checksequenceverify()
    {
        var script = LockTimeScripts.CheckSequenceVerify(144, Tail);

        Assert.Equal("029000b275" + Tail.ToHex(), script.ToHex());
        Assert.Equal("144 OP_CHECKSEQUENCEVERIFY OP_DROP OP_DUP", string.Join(' ', script.ToString().Split(' ').Take(4)));
        Assert.True(LockTimeScripts.TryParseCheckSequenceVerify(script, out var sequence, out _));
        Assert.Equal(144, sequence);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(4_294_967_296)]
    public void Values_outside_32_bits_are_refused(long value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LockTimeScripts.CheckLockTimeVerify(value, Tail));
        Assert.Throws<ArgumentOutOfRangeException>(() => LockTimeScripts.CheckSequenceVerify(value, Tail));
    }

    [Theory]
    [InlineData("0105b175")]
    [InlineData("020500b175")]
    [InlineData("0181b175")]
    [InlineData("4f b175")]
    [InlineData("0320a107b1")]
    [InlineData("0320a107b176")]
    [InlineData("0620a10700000000b175")]
    public void Non_minimal_or_malformed_lock_prefixes_are_not_recognised(string hex)
    {
        var script = Script.FromHex(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

        Assert.False(LockTimeScripts.TryParseCheckLockTimeVerify(script, out _, out var rest));
        Assert.Null(rest);
    }
}
