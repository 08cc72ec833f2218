package io.vmledger.capture.vsphere;

import com.vmware.vim25.MethodFault;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.rmi.RemoteException;

/**
 * Reads a SOAP fault response into an exception. yavijava's own fault parser cannot be used on Java 17+: it sets
 * {@code Throwable.detailMessage} by reflection, which the module system refuses, so every fault would arrive as
 * an untyped "Could not map the soap fault". Here the vSphere fault type ({@code xsi:type} of the detail, e.g.
 * {@code NotAuthenticated}, {@code InvalidLogin}, {@code ManagedObjectNotFound}) becomes an instance of yavijava's
 * fault class, attached as the cause of a {@link VsphereFaultException} that carries the fault string.
 */
final class SoapFaultReader {

    private static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
    /** Per thread: the JDK's factory is not specified to be thread-safe, and vCenters are captured in parallel. */
    private static final ThreadLocal<XMLInputFactory> FACTORY = ThreadLocal.withInitial(SoapFaultReader::createFactory);
    /** Enough of a non-SOAP error page to say what it was. */
    private static final int SNIPPET = 200;

    private SoapFaultReader() {
    }

    private static XMLInputFactory createFactory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        return factory;
    }

    /** A fault raised by the server, with the server's message and the typed vSphere fault as its cause. */
    static final class VsphereFaultException extends RemoteException {
        private final String plainMessage;

        VsphereFaultException(String message, MethodFault fault) {
            super(message, fault);
            this.plainMessage = message;
        }

        /** The server's message without RemoteException's "nested exception" suffix. */
        @Override
        public String getMessage() {
            return plainMessage;
        }
    }

    /** The exception for an error response (any HTTP status but 200). */
    static RemoteException read(String method, int status, InputStream in) {
        byte[] body;
        try {
            body = in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            return new RemoteException(method + ": HTTP " + status + ", response unreadable", e);
        }
        try {
            XMLStreamReader xml = FACTORY.get().createXMLStreamReader(new ByteArrayInputStream(body));
            String faultString = null;
            String faultType = null;
            boolean inDetail = false;
            boolean fault = false;
            while (xml.hasNext()) {
                if (xml.next() != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                String name = xml.getLocalName();
                if (name.equals("Fault")) {
                    fault = true;
                } else if (name.equals("faultstring")) {
                    faultString = xml.getElementText();
                } else if (name.equals("detail")) {
                    inDetail = true;
                } else if (inDetail && faultType == null) {
                    String type = xml.getAttributeValue(XSI, "type");
                    // Without xsi:type the element name is the type plus "Fault" (e.g. NotAuthenticatedFault).
                    faultType = type != null ? stripPrefix(type) : name.endsWith("Fault") ? name.substring(0, name.length() - 5) : name;
                }
            }
            if (!fault) {
                return notSoap(method, status, body);
            }
            String message = method + ": " + (faultType == null ? "fault" : faultType)
                    + (faultString == null || faultString.isBlank() ? "" : " (" + faultString + ")");
            return new VsphereFaultException(message, faultInstance(faultType));
        } catch (XMLStreamException e) {
            return notSoap(method, status, body);
        }
    }

    private static RemoteException notSoap(String method, int status, byte[] body) {
        String text = new String(body, 0, Math.min(body.length, SNIPPET), StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
        return new RemoteException(method + ": HTTP " + status + (text.isEmpty() ? "" : ": " + text));
    }

    private static MethodFault faultInstance(String type) {
        if (type != null) {
            try {
                Class<?> c = Class.forName("com.vmware.vim25." + type, true, SoapFaultReader.class.getClassLoader());
                if (MethodFault.class.isAssignableFrom(c)) {
                    return (MethodFault) c.getDeclaredConstructor().newInstance();
                }
            } catch (ReflectiveOperationException | LinkageError e) {
                // a fault newer than yavijava: keep the generic one
            }
        }
        return new MethodFault();
    }

    private static String stripPrefix(String type) {
        int colon = type.indexOf(':');
        return colon < 0 ? type : type.substring(colon + 1);
    }
}
