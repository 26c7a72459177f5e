using System.Text;
using System.Text.Json;
using OpenFineTune.Engine.Datasets;

namespace OpenFineTune.Engine.Tests.Training;

/// <summary>24 short Spanish customer-support chats in the seed tutorial's style (written for these tests).</summary>
static class SupportChats
{
    public const string System = "Eres un asistente de soporte técnico de SoftwareCorp.";

    public static readonly (string User, string Assistant)[] Pairs =
    [
        ("No puedo iniciar sesión", "Prueba 'Olvidé contraseña' y revisa tu correo. ¿Te llegó el enlace?"),
        ("La app va muy lenta", "Cierra otras apps y actualiza a la última versión. ¿Mejora?"),
        ("Mi cuenta está bloqueada", "La desbloqueo ahora. Cambia tu contraseña al entrar."),
        ("Quiero cancelar mi suscripción", "Ve a Ajustes > Plan > Cancelar. Se mantiene hasta fin de mes."),
        ("Me cobraron dos veces", "Lo siento. Te devolvemos el cargo duplicado en 3 a 5 días."),
        ("¿Cómo cambio mi plan?", "En Ajustes > Plan elige el nuevo plan y confirma."),
        ("No recibo los correos", "Revisa la carpeta de spam y añade soporte@softwarecorp.es."),
        ("La app se cierra sola", "Reinstala la app y reinicia el móvil. ¿Sigue pasando?"),
        ("¿Tienen factura con IVA?", "Sí, descárgala en Facturación > Historial."),
        ("Olvidé mi usuario", "Tu usuario es tu correo. Prueba a entrar con él."),
        ("¿Hay versión para Mac?", "Sí, descárgala desde softwarecorp.es/mac."),
        ("No sincroniza mis datos", "Cierra sesión y vuelve a entrar para forzar la sincronización."),
        ("¿Cuánto cuesta el plan Pro?", "El plan Pro cuesta 12 euros al mes con IVA."),
        ("Quiero borrar mi cuenta", "Ve a Ajustes > Privacidad > Borrar cuenta. Es definitivo."),
        ("¿Puedo pagar con PayPal?", "Sí, elige PayPal al pagar en Facturación."),
        ("Error 500 al guardar", "Es un fallo nuestro. Ya lo estamos arreglando, perdona."),
        ("¿Cómo exporto mis datos?", "En Ajustes > Datos pulsa Exportar y recibirás un ZIP."),
        ("No veo mis proyectos", "Comprueba que estás en el espacio de trabajo correcto."),
        ("¿Tienen soporte por teléfono?", "Sí, llama al 900 123 456 de 9 a 18 h."),
        ("La contraseña no funciona", "Usa 'Olvidé contraseña' para crear una nueva."),
        ("¿Cómo añado un usuario?", "En Equipo > Invitar escribe su correo."),
        ("Quiero un reembolso", "Pídelo en Facturación > Reembolso en los primeros 14 días."),
        ("La app no abre en Android", "Actualiza Android y la app a la última versión."),
        ("¿Dónde veo mis facturas?", "En Facturación > Historial tienes todas tus facturas."),
    ];

    public static string Jsonl() => string.Join("\n", Pairs.Select(p => JsonSerializer.Serialize(new
    {
        messages = new object[]
        {
            new { role = "system", content = System },
            new { role = "user", content = p.User },
            new { role = "assistant", content = p.Assistant },
        },
    })));

    public static IReadOnlyList<Conversation> Conversations() => Validated(Jsonl());

    /// <summary>Conversations of a JSONL text through the real validator (it must be valid).</summary>
    public static IReadOnlyList<Conversation> Validated(string jsonl, DatasetValidationOptions? options = null)
    {
        var result = DatasetValidator.Validate(new MemoryStream(Encoding.UTF8.GetBytes(jsonl)), options);
        Assert.True(result.IsValid, result.Describe());
        return result.Conversations;
    }
}
