namespace Bunq;

/// <summary>
/// A serialized request body that lets the signing handler hash its bytes directly: the array is the body sent, so
/// the handler needs neither a read stream nor a copy to sign it.
/// </summary>
internal sealed class BunqJsonContent : ByteArrayContent
{
    private readonly byte[] _body;

    public BunqJsonContent(byte[] body)
        : base(body)
    {
        _body = body;
    }

    public ReadOnlySpan<byte> Body => _body;
}
