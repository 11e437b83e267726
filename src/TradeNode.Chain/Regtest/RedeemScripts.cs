using TradeNode.Bitcoin.Scripting;

namespace TradeNode.Chain.Regtest;

/// <summary>Reads the redeem script of a P2SH spend: the last push of a push-only scriptSig.</summary>
internal static class RedeemScripts
{
    public static Script? FromScriptSig(Script scriptSig)
    {
        byte[]? last = null;
        var pc = 0;
        while (pc < scriptSig.Length)
        {
            if (!Script.TryReadOp(scriptSig.Span, ref pc, out var opcode, out var data) || opcode > OpcodeType.OP_16)
            {
                return null;
            }

            last = data.ToArray();
        }

        return last is null ? null : new Script(last);
    }
}
