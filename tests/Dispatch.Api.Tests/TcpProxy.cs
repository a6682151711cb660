using System.Net;
using System.Net.Sockets;

namespace Dispatch.Api.Tests;

/// <summary>A loopback TCP forwarder the test can cut and restore, to take the database away from the API mid-run.</summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly List<TcpClient> _open = [];
    private TcpListener? _listener;
    private CancellationTokenSource _stop = new();

    public TcpProxy(string host, int port)
    {
        _target = new IPEndPoint(IPAddress.Parse(host), port);
        Port = Listen(0);
    }

    public int Port { get; }

    private int Listen(int port)
    {
        _stop = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Loopback, port);
        // Rebinding the same port right after a cut must not wait for the dropped connections' TIME_WAIT.
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        var token = _stop.Token;
        var listener = _listener;
        _ = Task.Run(async () =>
        {
            while (!token.IsCancellationRequested)
            {
                TcpClient inbound;
                try { inbound = await listener.AcceptTcpClientAsync(token); }
                catch { return; }
                var outbound = new TcpClient();
                try { await outbound.ConnectAsync(_target, token); }
                catch { inbound.Dispose(); continue; }
                lock (_open) _open.AddRange([inbound, outbound]);
                _ = Pump(inbound.GetStream(), outbound.GetStream(), inbound, outbound, token);
                _ = Pump(outbound.GetStream(), inbound.GetStream(), inbound, outbound, token);
            }
        }, token);
        return ((IPEndPoint)_listener.LocalEndpoint).Port;
    }

    private static async Task Pump(Stream from, Stream to, TcpClient a, TcpClient b, CancellationToken token)
    {
        try { await from.CopyToAsync(to, token); }
        catch { /* a cut connection ends here */ }
        a.Dispose();
        b.Dispose();
    }

    /// <summary>The database is gone: no new connections, every open one dropped.</summary>
    public void Cut()
    {
        _stop.Cancel();
        _listener?.Stop();
        lock (_open)
        {
            foreach (var client in _open) client.Dispose();
            _open.Clear();
        }
    }

    public void Restore() => Listen(Port);

    public ValueTask DisposeAsync()
    {
        Cut();
        return ValueTask.CompletedTask;
    }
}
