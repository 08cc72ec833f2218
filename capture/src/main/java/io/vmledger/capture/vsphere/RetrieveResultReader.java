package io.vmledger.capture.vsphere;

import com.vmware.vim25.ArrayOfManagedObjectReference;
import com.vmware.vim25.ArrayOfString;
import com.vmware.vim25.DynamicProperty;
import com.vmware.vim25.LocalizedMethodFault;
import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.MethodFault;
import com.vmware.vim25.MissingProperty;
import com.vmware.vim25.ObjectContent;
import com.vmware.vim25.RetrieveResult;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.InputStream;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Reads the response of {@code RetrievePropertiesEx} / {@code ContinueRetrievePropertiesEx} into yavijava's
 * {@link RetrieveResult} with a streaming (StAX) parser, while the bytes arrive. It replaces yavijava's DOM
 * parser on the hot path only: for 10,000 VMs the response is about 24 MB, which yavijava first turns into a
 * dom4j tree. It also reads a reference's {@code type} attribute by its unqualified name, so references keep
 * their type whatever the attribute order (vcsim writes {@code xsi:type} first, which yavijava misreads).
 *
 * <p>Property values may be simple XML Schema types, enumerations, managed object references and arrays of
 * references or strings: what the capture asks for. Any other value type fails the call with a clear message
 * rather than being dropped. Successful responses only: faults (HTTP 500) are left to yavijava.
 */
final class RetrieveResultReader {

    private static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
    /** Per thread: the JDK's factory is not specified to be thread-safe, and vCenters are captured in parallel. */
    private static final ThreadLocal<XMLInputFactory> FACTORY = ThreadLocal.withInitial(RetrieveResultReader::createFactory);
    private static final Map<String, Class<?>> VIM_CLASSES = new ConcurrentHashMap<>();
    private static final Class<?> NONE = Void.class;

    private RetrieveResultReader() {
    }

    private static XMLInputFactory createFactory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        return factory;
    }

    /** The result, or null when the response has no {@code returnval} (nothing matched). */
    static RetrieveResult read(InputStream in) throws XMLStreamException {
        return read(in, null);
    }

    /**
     * Like {@link #read(InputStream)}, and hands the continuation token to {@code onToken} as soon as it is read:
     * the token precedes the objects, so the next page can be requested while this one is still arriving.
     */
    static RetrieveResult read(InputStream in, Consumer<String> onToken) throws XMLStreamException {
        XMLStreamReader xml = FACTORY.get().createXMLStreamReader(in);
        try {
            // Envelope > Body > *Response > returnval
            if (!toChild(xml, "Envelope") || !toChild(xml, "Body")) {
                throw new XMLStreamException("not a SOAP envelope");
            }
            if (!nextChild(xml)) {
                return null;
            }
            if (xml.getLocalName().equals("Fault")) {
                throw new XMLStreamException("SOAP fault in a successful response");
            }
            if (!nextChild(xml) || !xml.getLocalName().equals("returnval")) {
                return null;
            }
            return readResult(xml, onToken);
        } finally {
            xml.close();
        }
    }

    private static RetrieveResult readResult(XMLStreamReader xml, Consumer<String> onToken) throws XMLStreamException {
        RetrieveResult result = new RetrieveResult();
        List<ObjectContent> objects = new ArrayList<>();
        while (nextChild(xml)) {
            switch (xml.getLocalName()) {
                case "token" -> {
                    result.setToken(xml.getElementText());
                    if (onToken != null) {
                        onToken.accept(result.getToken());
                    }
                }
                case "objects" -> objects.add(readObject(xml));
                default -> skip(xml);
            }
        }
        result.setObjects(objects.isEmpty() ? null : objects.toArray(ObjectContent[]::new));
        return result.getObjects() == null && result.getToken() == null ? null : result;
    }

    private static ObjectContent readObject(XMLStreamReader xml) throws XMLStreamException {
        ObjectContent object = new ObjectContent();
        List<DynamicProperty> properties = new ArrayList<>(16);
        List<MissingProperty> missing = null;
        while (nextChild(xml)) {
            switch (xml.getLocalName()) {
                case "obj" -> object.setObj(reference(xml));
                case "propSet" -> properties.add(readProperty(xml));
                case "missingSet" -> {
                    if (missing == null) {
                        missing = new ArrayList<>(2);
                    }
                    missing.add(readMissing(xml));
                }
                default -> skip(xml);
            }
        }
        object.setPropSet(properties.isEmpty() ? null : properties.toArray(DynamicProperty[]::new));
        object.setMissingSet(missing == null ? null : missing.toArray(MissingProperty[]::new));
        return object;
    }

    private static DynamicProperty readProperty(XMLStreamReader xml) throws XMLStreamException {
        DynamicProperty property = new DynamicProperty();
        while (nextChild(xml)) {
            switch (xml.getLocalName()) {
                case "name" -> property.setName(xml.getElementText());
                case "val" -> property.setVal(value(xml, property.getName()));
                default -> skip(xml);
            }
        }
        return property;
    }

    private static MissingProperty readMissing(XMLStreamReader xml) throws XMLStreamException {
        MissingProperty missing = new MissingProperty();
        while (nextChild(xml)) {
            switch (xml.getLocalName()) {
                case "path" -> missing.setPath(xml.getElementText());
                case "fault" -> missing.setFault(readLocalizedFault(xml));
                default -> skip(xml);
            }
        }
        return missing;
    }

    /** A {@code LocalizedMethodFault}: the fault's type (its fields are not needed) and message. */
    private static LocalizedMethodFault readLocalizedFault(XMLStreamReader xml) throws XMLStreamException {
        LocalizedMethodFault fault = new LocalizedMethodFault();
        while (nextChild(xml)) {
            switch (xml.getLocalName()) {
                case "fault" -> {
                    fault.setFault(methodFault(xsiType(xml)));
                    skip(xml);
                }
                case "localizedMessage" -> fault.setLocalizedMessage(xml.getElementText());
                default -> skip(xml);
            }
        }
        return fault;
    }

    private static MethodFault methodFault(String type) {
        Class<?> c = type == null ? NONE : vimClass(type);
        if (MethodFault.class.isAssignableFrom(c)) {
            try {
                return (MethodFault) c.getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                // fall through to the generic fault
            }
        }
        return new MethodFault();
    }

    /** A property value, typed as yavijava would type it. */
    private static Object value(XMLStreamReader xml, String path) throws XMLStreamException {
        String type = xsiType(xml);
        if (type == null) {
            return xml.getElementText();
        }
        switch (type) {
            case "ManagedObjectReference":
                return reference(xml);
            case "ArrayOfManagedObjectReference": {
                List<ManagedObjectReference> refs = new ArrayList<>();
                while (nextChild(xml)) {
                    refs.add(reference(xml));
                }
                ArrayOfManagedObjectReference array = new ArrayOfManagedObjectReference();
                array.setManagedObjectReference(refs.toArray(ManagedObjectReference[]::new));
                return array;
            }
            case "ArrayOfString": {
                List<String> strings = new ArrayList<>();
                while (nextChild(xml)) {
                    strings.add(xml.getElementText());
                }
                ArrayOfString array = new ArrayOfString();
                array.setString(strings.toArray(String[]::new));
                return array;
            }
            default:
                break;
        }
        String text;
        try {
            text = xml.getElementText();
        } catch (XMLStreamException e) {
            throw new XMLStreamException("unsupported value type " + type + " for property " + path, e);
        }
        return switch (type) {
            case "string", "anyURI" -> text;
            case "int" -> Integer.valueOf(text.trim());
            case "long" -> Long.valueOf(text.trim());
            case "short" -> Short.valueOf(text.trim());
            case "byte" -> Byte.valueOf(text.trim());
            case "boolean" -> Boolean.valueOf(text.trim().equals("true") || text.trim().equals("1"));
            case "double" -> Double.valueOf(text.trim());
            case "float" -> Float.valueOf(text.trim());
            case "dateTime" -> dateTime(text.trim(), path);
            default -> enumOrText(type, text);
        };
    }

    /** An enumeration value as yavijava's enum (e.g. {@code VirtualMachinePowerState}), else the text. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumOrText(String type, String text) {
        Class<?> c = vimClass(type);
        if (c.isEnum()) {
            try {
                return Enum.valueOf((Class<? extends Enum>) c, text.trim());
            } catch (IllegalArgumentException e) {
                return text; // a value newer than yavijava's enum
            }
        }
        return text;
    }

    private static Calendar dateTime(String text, String path) throws XMLStreamException {
        try {
            OffsetDateTime time;
            try {
                time = OffsetDateTime.parse(text);
            } catch (DateTimeParseException e) {
                time = LocalDateTime.parse(text).atOffset(ZoneOffset.UTC); // xsd:dateTime without a zone
            }
            GregorianCalendar calendar = new GregorianCalendar(java.util.TimeZone.getTimeZone("UTC"), Locale.ROOT);
            calendar.setTimeInMillis(time.toInstant().toEpochMilli());
            return calendar;
        } catch (DateTimeParseException e) {
            throw new XMLStreamException("invalid dateTime '" + text + "' for property " + path);
        }
    }

    private static Class<?> vimClass(String type) {
        return VIM_CLASSES.computeIfAbsent(type, t -> {
            try {
                return Class.forName("com.vmware.vim25." + t, false, RetrieveResultReader.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                return NONE;
            }
        });
    }

    /** A reference element: its unqualified {@code type} attribute and its text. */
    private static ManagedObjectReference reference(XMLStreamReader xml) throws XMLStreamException {
        ManagedObjectReference ref = new ManagedObjectReference();
        for (int i = 0; i < xml.getAttributeCount(); i++) {
            String namespace = xml.getAttributeNamespace(i);
            if ("type".equals(xml.getAttributeLocalName(i)) && (namespace == null || namespace.isEmpty())) {
                ref.setType(xml.getAttributeValue(i));
            }
        }
        ref.setVal(xml.getElementText());
        return ref;
    }

    private static String xsiType(XMLStreamReader xml) {
        String type = xml.getAttributeValue(XSI, "type");
        if (type == null) {
            return null;
        }
        int colon = type.indexOf(':');
        return colon < 0 ? type : type.substring(colon + 1);
    }

    /** Moves to the next start element with the given local name at any depth; false at the end. */
    private static boolean toChild(XMLStreamReader xml, String name) throws XMLStreamException {
        while (xml.hasNext()) {
            if (xml.next() == XMLStreamConstants.START_ELEMENT && xml.getLocalName().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Moves to the next child element of the current element; false (positioned on the parent's end tag) when
     * there is none left.
     */
    private static boolean nextChild(XMLStreamReader xml) throws XMLStreamException {
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                return true;
            }
            if (event == XMLStreamConstants.END_ELEMENT) {
                return false;
            }
        }
        return false;
    }

    /** Skips the current element and its content. */
    private static void skip(XMLStreamReader xml) throws XMLStreamException {
        int depth = 1;
        while (depth > 0 && xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }
}
