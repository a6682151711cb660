using System.Security.Claims;
using Dispatch.Api.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;

namespace Dispatch.Api.Access;

/// <summary>Who is calling (a bearer token or an API key), what each role may do, and how fast a client may write.</summary>
public static class AccessSetup
{
    /// <summary>Picks the scheme by what the request carries: an <c>X-Api-Key</c> header, else a bearer token.</summary>
    public const string CredentialsScheme = "Credentials";

    public static void AddAccess(this WebApplicationBuilder builder)
    {
        var jwt = JwtSettings.From(builder.Configuration);
        builder.Services.AddSingleton(jwt);
        builder.Services.AddAuthentication(CredentialsScheme)
            .AddPolicyScheme(CredentialsScheme, "Bearer token or API key", o => o.ForwardDefaultSelector = http =>
                http.Request.Headers.ContainsKey(ApiKeys.Header) ? ApiKeys.Scheme : JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(o =>
            {
                // The standard mapping makes "role" the ClaimTypes.Role claim and "sub" the name identifier.
                o.MapInboundClaims = true;
                o.TokenValidationParameters = jwt.ValidationParameters();
                o.Events = new JwtBearerEvents
                {
                    OnTokenValidated = context =>
                    {
                        // The subject becomes the actor of every event the request appends: it must be there and readable.
                        var subject = context.Principal?.FindFirst(ClaimTypes.NameIdentifier)?.Value;
                        if (subject is not { Length: > 0 and <= 100 } || subject.Any(char.IsControl))
                            context.Fail("The token has no usable subject (sub, 1 to 100 printable characters).");
                        return Task.CompletedTask;
                    },
                };
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeys.Scheme, null);
        builder.Services.AddAuthorization(Policies.Configure);
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResults>();
        builder.Services.AddTransient<IStartupFilter, AccessStartupCheck>();
        builder.AddWriteRateLimits();
    }

    /// <summary>Authentication, then the caller context (the actor comes from the identity), the write limits, then the policies.</summary>
    public static void UseAccess(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseMiddleware<CallerContextMiddleware>();
        app.UseRateLimiter();
        app.UseAuthorization();
    }
}
