using System.Buffers.Binary;
using System.Globalization;
using TradeNode.Bitcoin.Addresses;
using TradeNode.Bitcoin.Bip32;
using TradeNode.Bitcoin.DataEncoders;

namespace TradeNode.Bitcoin.Descriptors;

/// <summary>
/// Recursive-descent parser for the descriptor language (BIP380-385) with the nesting rules of Bitcoin Core.
/// Every rejection is a <see cref="FormatException"/> whose sentence never quotes a key, so a mistyped xprv or WIF
/// cannot end up in a log.
/// </summary>
internal sealed class DescriptorParser
{
    /// <summary>Standard P2SH redeem script limit (BIP16: one push of at most 520 bytes).</summary>
    private const int MaxP2shScriptSize = 520;

    /// <summary>Standard P2WSH witness script limit (Bitcoin Core's MAX_STANDARD_P2WSH_SCRIPT_SIZE).</summary>
    private const int MaxP2wshScriptSize = 3600;

    /// <summary>CHECKMULTISIG's key limit.</summary>
    private const int MaxMultisigKeys = 20;

    /// <summary>Bitcoin Core's limit for bare (not script-hashed) multisig descriptors.</summary>
    private const int MaxBareMultisigKeys = 3;

    private readonly Network _network;

    private DescriptorParser(Network network)
    {
        _network = network;
    }

    public static DescriptorNode Parse(string body, Network network) =>
        new DescriptorParser(network).ParseScript(body, DescriptorContext.Top, parent: null);

    private static FormatException Fail(string sentence) => new(sentence);

    private DescriptorNode ParseScript(string expression, DescriptorContext context, string? parent)
    {
        var open = expression.IndexOf('(', StringComparison.Ordinal);
        if (open < 0)
        {
            throw Fail(parent is null
                ? "A descriptor is a function such as wpkh(KEY) or wsh(sortedmulti(2,KEY,KEY)); no '(' was found."
                : $"{parent}() takes a script expression such as pkh(KEY) or multi(...), not a key or other text.");
        }

        var name = expression[..open];
        if (expression[^1] != ')')
        {
            throw Fail($"{(IsPlainName(name) ? name + "()" : "A function")} must end with ')' and nothing may follow it.");
        }

        var args = SplitArguments(expression[(open + 1)..^1], name);
        switch (name)
        {
            case "pk":
            case "pkh":
                return new KeyFunctionNode(name == "pk" ? DescriptorType.Pk : DescriptorType.Pkh, ParseSingleKey(args, name, context));
            case "wpkh":
                if (context == DescriptorContext.P2WSH)
                {
                    throw Fail("wpkh() cannot be inside wsh(); it is only allowed at the top level or inside sh().");
                }

                return new KeyFunctionNode(DescriptorType.Wpkh, ParseSingleKey(args, name, DescriptorContext.P2WSH));
            case "combo":
                RequireTop(context, name);
                return new KeyFunctionNode(DescriptorType.Combo, ParseSingleKey(args, name, context));
            case "sh":
                if (context != DescriptorContext.Top)
                {
                    throw Fail("sh() is only allowed at the top level.");
                }

                return new ScriptHashNode(DescriptorType.Sh, ParseScript(SingleArgument(args, name), DescriptorContext.P2SH, name));
            case "wsh":
                if (context == DescriptorContext.P2WSH)
                {
                    throw Fail("wsh() cannot be inside another wsh(); it is only allowed at the top level or inside sh().");
                }

                return new ScriptHashNode(DescriptorType.Wsh, ParseScript(SingleArgument(args, name), DescriptorContext.P2WSH, name));
            case "multi":
            case "sortedmulti":
                return ParseMultisig(args, name, context);
            case "raw":
                RequireTop(context, name);
                var hex = SingleArgument(args, name);
                if (hex.Length == 0 || !Encoders.Hex.TryDecode(hex, out var scriptBytes))
                {
                    throw Fail("raw() takes a script in hexadecimal (an even number of 0-9, a-f characters).");
                }

                return new RawNode(new Script(scriptBytes));
            case "addr":
                RequireTop(context, name);
                return new AddrNode(ParseAddress(SingleArgument(args, name)));
            case "tr":
            case "rawtr":
            case "musig":
                throw Fail($"{name}() (taproot) descriptors are not supported.");
            default:
                throw Fail(name.Length == 0
                    ? "A descriptor function has no name before '('."
                    : $"Unknown descriptor function{(IsPlainName(name) ? $" '{name}'" : string.Empty)}; supported are pk, pkh, wpkh, sh, wsh, multi, sortedmulti, combo, raw and addr.");
        }
    }

    private BitcoinAddress ParseAddress(string text)
    {
        try
        {
            return BitcoinAddress.Create(text, _network);
        }
        catch (FormatException ex)
        {
            throw Fail($"addr() takes a {_network.Name} address: {ex.Message}");
        }
    }

    private static void RequireTop(DescriptorContext context, string name)
    {
        if (context != DescriptorContext.Top)
        {
            throw Fail($"{name}() is only allowed at the top level, not inside sh() or wsh().");
        }
    }

    /// <summary>Splits a function's arguments at the commas outside nested parentheses, checking they balance.</summary>
    private static List<string> SplitArguments(string inner, string name)
    {
        var args = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < inner.Length; i++)
        {
            switch (inner[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    if (--depth < 0)
                    {
                        throw Fail($"The parentheses of {(IsPlainName(name) ? name + "()" : "a function")} do not match.");
                    }

                    break;
                case ',' when depth == 0:
                    args.Add(inner[start..i]);
                    start = i + 1;
                    break;
            }
        }

        if (depth != 0)
        {
            throw Fail($"The parentheses of {(IsPlainName(name) ? name + "()" : "a function")} do not match.");
        }

        args.Add(inner[start..]);
        return args;
    }

    private static string SingleArgument(List<string> args, string name)
    {
        if (args.Count != 1)
        {
            throw Fail($"{name}() takes exactly one argument, not {args.Count}.");
        }

        return args[0];
    }

    private KeyExpression ParseSingleKey(List<string> args, string name, DescriptorContext context) =>
        ParseKey(SingleArgument(args, name), name, context);

    private MultisigNode ParseMultisig(List<string> args, string name, DescriptorContext context)
    {
        if (args.Count < 2)
        {
            throw Fail($"{name}() takes a threshold and at least one key.");
        }

        var thresholdText = args[0];
        if (thresholdText.Length is 0 or > 9 || !thresholdText.All(char.IsAsciiDigit)
            || !int.TryParse(thresholdText, NumberStyles.None, CultureInfo.InvariantCulture, out var threshold))
        {
            throw Fail($"The threshold of {name}() must be a whole number.");
        }

        var keyCount = args.Count - 1;
        if (keyCount > MaxMultisigKeys)
        {
            throw Fail($"{name}() takes between 1 and {MaxMultisigKeys} keys, not {keyCount}.");
        }

        if (threshold < 1)
        {
            throw Fail($"The threshold of {name}() must be at least 1.");
        }

        if (threshold > keyCount)
        {
            throw Fail($"The threshold of {name}() ({threshold}) is larger than the number of keys ({keyCount}).");
        }

        if (context == DescriptorContext.Top && keyCount > MaxBareMultisigKeys)
        {
            throw Fail($"A bare {name}() (not inside sh() or wsh()) may have at most {MaxBareMultisigKeys} keys, not {keyCount}.");
        }

        var keys = new List<KeyExpression>(keyCount);
        for (var i = 1; i < args.Count; i++)
        {
            keys.Add(ParseKey(args[i], name, context));
        }

        // OP_k <keys> OP_n OP_CHECKMULTISIG; k and n above 16 need a two-byte push.
        var size = SmallNumberSize(threshold) + keys.Sum(k => k.IsCompressed ? 34 : 66) + SmallNumberSize(keyCount) + 1;
        if (context == DescriptorContext.P2SH && size > MaxP2shScriptSize)
        {
            throw Fail($"Inside sh() a script may be at most {MaxP2shScriptSize} bytes, but this {name}() of {keyCount} keys is {size} bytes; use at most 15 compressed keys, or wsh().");
        }

        if (context == DescriptorContext.P2WSH && size > MaxP2wshScriptSize)
        {
            throw Fail($"Inside wsh() a script may be at most {MaxP2wshScriptSize} bytes, but this {name}() is {size} bytes.");
        }

        return new MultisigNode(name == "multi" ? DescriptorType.Multi : DescriptorType.SortedMulti, threshold, keys);
    }

    private static int SmallNumberSize(int value) => value <= 16 ? 1 : 2;

    private KeyExpression ParseKey(string text, string function, DescriptorContext context)
    {
        if (text.Length == 0)
        {
            throw Fail($"{function}() has an empty key expression.");
        }

        if (text.Contains('(', StringComparison.Ordinal))
        {
            throw Fail($"{function}() takes a key expression, not a script expression.");
        }

        var useApostrophe = false;
        RootedKeyPath? origin = null;
        var rest = text;
        var close = text.IndexOf(']', StringComparison.Ordinal);
        if (text[0] == '[')
        {
            if (close < 0)
            {
                throw Fail("A key origin '[' is not closed by ']'.");
            }

            if (text.IndexOf(']', close + 1) >= 0 || text.IndexOf('[', 1) >= 0)
            {
                throw Fail("A key has more than one key origin; only one [fingerprint/path] may precede it.");
            }

            origin = ParseOrigin(text[1..close], ref useApostrophe);
            rest = text[(close + 1)..];
        }
        else if (close >= 0 || text.Contains('[', StringComparison.Ordinal))
        {
            throw Fail("A key origin must start with '[' right at the beginning of the key expression.");
        }

        if (rest.Length == 0)
        {
            throw Fail("A key origin must be followed by a key.");
        }

        var parts = rest.Split('/');
        var keyText = parts[0];
        var pathParts = parts.AsSpan(1);
        var segwit = context == DescriptorContext.P2WSH;

        if (keyText.Length > 0 && keyText.All(char.IsAsciiHexDigit))
        {
            if (pathParts.Length > 0)
            {
                throw Fail("A hex public key cannot be followed by a derivation path.");
            }

            if (!Encoders.Hex.TryDecode(keyText, out var bytes))
            {
                throw Fail("A hex public key has an odd number of hexadecimal characters.");
            }

            if (bytes.Length == 32)
            {
                throw Fail("A 32-byte (x-only) public key is only allowed in tr() descriptors, which are not supported.");
            }

            if (!PubKey.IsCompressedOrUncompressed(bytes) || !PubKey.TryCreate(bytes, out var pubKey))
            {
                throw Fail("A hex public key must be a valid secp256k1 point, 33 bytes compressed (02/03) or 65 bytes uncompressed (04).");
            }

            RequireCompressed(pubKey.IsCompressed, segwit);
            return new ConstKeyExpression(origin, useApostrophe, pubKey, null);
        }

        if (Key.TryParse(keyText, _network, out var key))
        {
            if (pathParts.Length > 0)
            {
                throw Fail("A WIF private key cannot be followed by a derivation path.");
            }

            RequireCompressed(key.IsCompressed, segwit);
            return new ConstKeyExpression(origin, useApostrophe, key.PubKey, key);
        }

        var (extPubKey, extKey) = ParseExtendedKey(keyText);
        var path = ParsePath(pathParts, allowWildcard: true, ref useApostrophe, out var wildcard);
        var steps = path.Length + (wildcard == Wildcard.None ? 0 : 1);
        if (extPubKey.Depth + steps > KeyPath.MaxDepth || (origin?.KeyPath.Length ?? 0) + steps > KeyPath.MaxDepth)
        {
            throw Fail($"A key's derivation would go deeper than BIP32's {KeyPath.MaxDepth} levels.");
        }

        return new ExtendedKeyExpression(origin, useApostrophe, extPubKey, extKey, path, wildcard);
    }

    private static void RequireCompressed(bool compressed, bool segwit)
    {
        if (!compressed && segwit)
        {
            throw Fail("Uncompressed public keys are not allowed in segwit scripts (wpkh() or inside wsh()).");
        }
    }

    private static RootedKeyPath ParseOrigin(string text, ref bool useApostrophe)
    {
        var parts = text.Split('/');
        if (parts[0].Length != 8 || !HDFingerprint.TryParse(parts[0], out var fingerprint))
        {
            throw Fail("A key origin starts with the master key fingerprint: exactly 8 hexadecimal characters.");
        }

        var path = ParsePath(parts.AsSpan(1), allowWildcard: false, ref useApostrophe, out _);
        return new RootedKeyPath(fingerprint, path);
    }

    private static KeyPath ParsePath(ReadOnlySpan<string> parts, bool allowWildcard, ref bool useApostrophe, out Wildcard wildcard)
    {
        wildcard = Wildcard.None;
        if (parts.Length > KeyPath.MaxDepth)
        {
            throw Fail($"A key path has at most {KeyPath.MaxDepth} steps.");
        }

        var indexes = new List<uint>(parts.Length);
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (part is "*" or "*'" or "*h")
            {
                if (!allowWildcard)
                {
                    throw Fail("A key origin cannot contain the wildcard '*'.");
                }

                if (i != parts.Length - 1)
                {
                    throw Fail("The wildcard '*' must be the last step of a key path.");
                }

                wildcard = part == "*" ? Wildcard.Unhardened : Wildcard.Hardened;
                useApostrophe |= part == "*'";
                break;
            }

            if (part.Length == 0)
            {
                throw Fail("A key path has an empty step (two '/' in a row, or a '/' at the end).");
            }

            if (part[^1] == 'H')
            {
                throw Fail("Hardened steps are marked with ' or h, not H.");
            }

            if (!KeyPath.TryParseStep(part, out var index))
            {
                throw Fail("A key path step must be a number below 2^31, with ' or h for a hardened step.");
            }

            useApostrophe |= part[^1] == '\'';
            indexes.Add(index);
        }

        return new KeyPath([.. indexes]);
    }

    private (ExtPubKey Public, ExtKey? Private) ParseExtendedKey(string keyText)
    {
        if (!Encoders.Base58Check.TryDecode(keyText, out var payload))
        {
            throw Fail("A key is not a hex public key, a WIF private key or an extended key (xpub/xprv/tpub/tprv), or its checksum is wrong.");
        }

        int length;
        uint version;
        try
        {
            length = payload.Length;
            version = length >= 4 ? BinaryPrimitives.ReadUInt32BigEndian(payload) : 0;
        }
        finally
        {
            Array.Clear(payload);
        }

        if (length is 33 or 34)
        {
            throw Fail($"A WIF private key is not valid for {_network.Name}.");
        }

        if (length != ExtKeyEncoding.Length)
        {
            throw Fail("A key is not a hex public key, a WIF private key or an extended key (xpub/xprv/tpub/tprv).");
        }

        if (version == _network.ExtPubKeyVersion)
        {
            if (!ExtPubKey.TryParse(keyText, _network, out var pub))
            {
                throw Fail("An extended public key is not valid (bad depth, parent or point).");
            }

            return (pub, null);
        }

        if (version == _network.ExtSecretKeyVersion)
        {
            if (!ExtKey.TryParse(keyText, _network, out var priv))
            {
                throw Fail("An extended private key is not valid (bad depth, parent or key).");
            }

            return (priv.Neuter(), priv);
        }

        throw Fail($"An extended key's version bytes are not those of {_network.Name} (xpub/xprv on main, tpub/tprv on the test networks).");
    }

    /// <summary>Names are echoed in errors only when they look like function names (never key material).</summary>
    private static bool IsPlainName(string name) => name.Length is > 0 and <= 16 && name.All(char.IsAsciiLetter);
}
